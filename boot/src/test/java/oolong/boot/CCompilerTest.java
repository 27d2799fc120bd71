package oolong.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CCompilerTest {
    @TempDir
    Path dir;

    private CCompiler compileOnce(Toolchain tools, Path source) {
        CCompiler cc = new CCompiler(tools, 2);
        List<String> flags = new ArrayList<>(cc.baseFlags());
        flags.addAll(List.of("-iquote", dir.toString()));
        cc.compileAll(List.of(new CCompiler.Job(source, dir.resolve("obj/a.o"), flags)));
        return cc;
    }

    @Test
    void recompilesOnlyWhenTheSourceOrAnIncludedHeaderChanges() throws Exception {
        Toolchain tools = Toolchain.detect();
        Files.writeString(dir.resolve("a.h"), "#define VALUE 1\n");
        Path source = dir.resolve("a.c");
        Files.writeString(source, "#include \"a.h\"\nint value(void) { return VALUE; }\n");

        assertEquals(1, compileOnce(tools, source).compiled);
        assertEquals(1, compileOnce(tools, source).reused, "nothing changed");

        Files.writeString(dir.resolve("a.h"), "#define VALUE 2\n");
        assertEquals(1, compileOnce(tools, source).compiled, "header changed");
        assertEquals(1, compileOnce(tools, source).reused);

        Files.writeString(source, "#include \"a.h\"\nint value(void) { return VALUE + 1; }\n");
        assertEquals(1, compileOnce(tools, source).compiled, "source changed");
        assertTrue(Files.size(dir.resolve("obj/a.o")) > 0);
    }

    /** Each source gcc compiles is reported as it finishes, counted among all, with its time; cached ones are silent. */
    @Test
    void reportsEachCompileAsItFinishes() throws Exception {
        Toolchain tools = Toolchain.detect();
        List<CCompiler.Job> jobs = new ArrayList<>();
        CCompiler probe = new CCompiler(tools, 2);
        for (String name : List.of("one", "two", "three")) {
            Path source = dir.resolve(name + ".c");
            Files.writeString(source, "int " + name + "(void) { return 1; }\n");
            jobs.add(new CCompiler.Job(source, dir.resolve("obj/" + name + ".o"), probe.baseFlags()));
        }
        java.io.ByteArrayOutputStream screen = new java.io.ByteArrayOutputStream();
        BuildProgress progress = new BuildProgress(new java.io.PrintStream(screen, true, "UTF-8"), "test");
        new CCompiler(tools, 2, progress).compileAll(jobs);
        String out = screen.toString("UTF-8");
        assertTrue(out.startsWith("[oolong-build] test: compiling C with gcc: 3 files, 2 at a time...\n"), out);
        for (int i = 1; i <= 3; i++) {
            assertTrue(java.util.regex.Pattern.compile("\\[oolong-build\\] test: compiled " + i
                    + " of 3  (one|two|three)\\.c +\\d+\\.\\d s  \\(\\d+\\.\\d s so far\\)\n").matcher(out).find(), out);
        }
        screen.reset();
        new CCompiler(tools, 2, progress).compileAll(jobs);
        assertEquals("", screen.toString("UTF-8"), "nothing compiled, nothing to say");
    }

    @Test
    void aCompileErrorCarriesGccsMessage() throws Exception {
        Toolchain tools = Toolchain.detect();
        Path source = dir.resolve("bad.c");
        Files.writeString(source, "int f(void) { return undefined_name; }\n");
        BuildException e = assertThrows(BuildException.class, () -> compileOnce(tools, source));
        assertTrue(e.getMessage().contains("undefined_name"), e.getMessage());
    }

    @Test
    void parsesMakeStyleDependencies() throws Exception {
        Path d = dir.resolve("x.d");
        Files.writeString(d, "x.o: /a/x.c /a/one.h \\\n  /b/two.h\n");
        assertEquals(List.of(Path.of("/a/x.c"), Path.of("/a/one.h"), Path.of("/b/two.h")), CCompiler.parseDeps(d));
    }
}
