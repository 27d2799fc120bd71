package oolong.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/oolong's own checks, before anything is built or booted: command-line mistakes are
 * usage errors (64) in words, not bash's; a missing tool is named with the exact Debian package.
 */
@Timeout(60)
class OolongScriptTest {
    static final Path SCRIPT = Path.of(System.getProperty("oolong.script", "../scripts/oolong")).toAbsolutePath();

    @TempDir
    Path dir;

    record Result(int status, String output) {
    }

    Result run(String path, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (path != null) {
            pb.environment().put("PATH", path);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }

    /** A PATH with only what the script needs to get to its checks, plus the named extras. */
    String bareBin(String... extras) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("bash", "dirname", "sed", "sort", "tr", "head", "find", "cat", "touch", "ls")) {
            link(bin, tool);
        }
        for (String tool : extras) {
            link(bin, tool);
        }
        return bin.toString();
    }

    /** A one-line wrapper (not a symbolic link: JUnit warns about links out of its temporary directory). */
    static void link(Path bin, String tool) throws IOException {
        for (String d : System.getenv("PATH").split(":")) {
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p) && !Files.exists(bin.resolve(tool))) {
                Files.writeString(bin.resolve(tool), "#!/bin/sh\nexec " + p + " \"$@\"\n");
                bin.resolve(tool).toFile().setExecutable(true);
                return;
            }
        }
    }

    @Test
    void runWithoutAFileIsAUsageErrorInWords() throws Exception {
        Result r = run(null, "run");
        assertEquals(64, r.status(), r.output());
        assertTrue(r.output().contains("oolong: run needs a script: scripts/oolong run FILE.jsh [options]"), r.output());
        assertFalse(r.output().contains("line "), "no bash error: " + r.output());
        Result two = run(null, "run", "a.jsh", "b.jsh");
        assertEquals(64, two.status());
        assertTrue(two.output().contains("run takes one script, not 2: a.jsh b.jsh"), two.output());
    }

    @Test
    void unknownOptionsAndCommandsAndBadValuesAreUsageErrors() throws Exception {
        for (String[] args : new String[][] {{"--frobnicate"}, {"frobnicate"}, {"run", "x.jsh", "--memory"},
                {"--memory", "lots"}, {"--accel", "xen", "selftest"}, {"build", "extra"}}) {
            Result r = run(null, args);
            assertEquals(64, r.status(), String.join(" ", args) + ": " + r.output());
            assertTrue(r.output().contains("scripts/oolong --help"), r.output());
        }
    }

    @Test
    void watchIsForTheInteractiveReplOnly() throws Exception {
        for (String command : new String[] {"run", "selftest", "build"}) {
            Result r = command.equals("run") ? run(null, "--watch", "run", "a.jsh") : run(null, command, "--watch");
            assertEquals(64, r.status(), r.output());
            assertTrue(r.output().contains("oolong: --watch is for the interactive REPL (scripts/oolong --watch), not for "
                    + command), r.output());
        }
    }

    @Test
    void optionsBeforeTheCommandAreAccepted() throws Exception {
        Result r = run(null, "--memory", "512", "--no-build", "run", dir.resolve("none.jsh").toString());
        assertEquals(3, r.status(), r.output());
        assertTrue(r.output().contains("no script " + dir.resolve("none.jsh")), "options parsed, then the file checked: " + r.output());
    }

    @Test
    void missingToolsAreNamedWithTheirPackages() throws Exception {
        Result r = run(bareBin(), "--no-build");
        assertEquals(3, r.status(), r.output());
        assertTrue(r.output().contains("missing: java, qemu-system-x86_64, setsid, setpriv. Install with: sudo apt-get install"
                + " openjdk-17-jdk-headless qemu-system-x86 util-linux\n"), r.output());
        Result console = run(bareBin("java"), "console", "--no-build");
        assertTrue(console.output().contains("missing: qemu-system-x86_64. Install with: sudo apt-get install qemu-system-x86\n"),
                console.output());
    }

    @Test
    void anOldJavaIsRefused() throws Exception {
        String bin = bareBin("qemu-system-x86_64", "setsid", "setpriv");
        Path java = Path.of(bin, "java");
        Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"11.0.20\" 2023-07-18' >&2\n");
        java.toFile().setExecutable(true);
        Result r = run(bin, "--no-build");
        assertEquals(3, r.status(), r.output());
        assertTrue(r.output().contains("Java 17 or newer is needed; `java` is Java 11."
                + " Install with: sudo apt-get install openjdk-17-jdk-headless"), r.output());
    }
}
