package oolong.boot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build server's javac, on a copy of the user-programs module as Maven built it: class files
 * come out as Maven's, only stale sources are compiled, and an interface change compiles the
 * module whole, so the result is always what a full compile of the same sources gives.
 */
class IncrementalJavacTest {
    private static final Path MODULE = Path.of("../kernel/user");
    private static final String MAIN = "oolong/user/Main.java";

    @TempDir
    Path dir;
    private Path module;
    private IncrementalJavac javac;

    @BeforeEach
    void copyTheModule() throws IOException {
        module = dir.resolve("user");
        copy(MODULE.resolve("src/main/java"), module.resolve("src/main/java"));
        copy(MODULE.resolve("target/classes"), module.resolve("target/classes"));
        javac = new IncrementalJavac(List.of(module), System.getProperty("java.class.path"));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static Map<String, byte[]> classes(Path dir) throws IOException {
        Map<String, byte[]> all = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".class")).toList()) {
                all.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return all;
    }

    private static void assertSameClasses(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            assertTrue(java.util.Arrays.equals(expected.get(name), actual.get(name)), name + " differs");
        }
    }

    /** What a full compile of the module's current sources gives, as Maven would make it. */
    private Map<String, byte[]> fullCompile() throws IOException {
        Path fresh = dir.resolve("full");
        copy(module.resolve("src/main/java"), fresh.resolve("src/main/java"));
        Files.createDirectories(fresh.resolve("target/classes"));
        new IncrementalJavac(List.of(fresh), System.getProperty("java.class.path")).compileChanged();
        return classes(fresh.resolve("target/classes"));
    }

    private void touch(String source) throws IOException {
        Path p = module.resolve("src/main/java").resolve(source);
        Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() + 2000));
    }

    private void edit(String source, String from, String to) throws IOException {
        Path p = module.resolve("src/main/java").resolve(source);
        String text = Files.readString(p);
        assertTrue(text.contains(from), from);
        Files.writeString(p, text.replace(from, to));
        touch(source);
    }

    @Test
    void aSourceRecompiledGivesMavensClassFileByteForByte() throws Exception {
        Map<String, byte[]> maven = classes(module.resolve("target/classes"));
        assertEquals("javac: nothing changed", javac.compileChanged());
        touch(MAIN);
        assertEquals("javac: user: 1 changed", javac.compileChanged());
        assertSameClasses(maven, classes(module.resolve("target/classes")));
    }

    @Test
    void aBodyEditCompilesOneSourceAndGivesWhatAFullCompileGives() throws Exception {
        edit(MAIN, "\": uncaught \"", "\": uncaught (edited) \"");
        assertEquals("javac: user: 1 changed", javac.compileChanged());
        assertSameClasses(fullCompile(), classes(module.resolve("target/classes")));
    }

    @Test
    void anInterfaceChangeCompilesTheModuleWhole() throws Exception {
        edit(MAIN, "public final class Main {", "public final class Main {\n    public static final int ADDED = 7;");
        String done = javac.compileChanged();
        assertTrue(done.contains("(an interface changed)"), done);
        assertSameClasses(fullCompile(), classes(module.resolve("target/classes")));
    }

    @Test
    void javacErrorsAreReportedWithTheirSourceLine() throws Exception {
        edit(MAIN, "\": uncaught \"", "\": uncaught \" +");
        IncrementalJavac.JavacFailed e = assertThrows(IncrementalJavac.JavacFailed.class, javac::compileChanged);
        assertTrue(e.getMessage().contains("Main.java:") && e.getMessage().contains("error:"), e.getMessage());
    }
}
