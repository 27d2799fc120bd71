package oolong.repl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Every fault-injection script in scripts/faults runs green through the batch runner, exactly as
 * {@code scripts/oolong run scripts/faults/X.jsh} runs it (a separate JVM, its own QEMU): exit
 * status 0 and the runner's "done" line. So the scripts cannot rot.
 */
class FaultScriptsIT {
    static final Path SCRIPTS = Path.of(System.getProperty("oolong.scripts", "../scripts/faults"));
    static final Path IMAGES = Path.of(System.getProperty("oolong.images", "../boot/target/images"));
    static final long TIMEOUT_SECONDS = 300;

    @TestFactory
    @Timeout(value = 1800)
    Stream<DynamicTest> everyScriptRunsGreen() throws IOException {
        List<Path> scripts;
        try (Stream<Path> files = Files.list(SCRIPTS)) {
            scripts = files.filter(p -> p.toString().endsWith(".jsh")).sorted().toList();
        }
        assertFalse(scripts.isEmpty(), "no scripts in " + SCRIPTS.toAbsolutePath());
        return scripts.stream().map(s -> DynamicTest.dynamicTest(s.getFileName().toString(), () -> runGreen(s)));
    }

    static void runGreen(Path script) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = Files.createTempFile("oolong-script-", ".log");
        try {
            BoundedRun.Outcome r = BoundedRun.run(new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    "oolong.repl.Main", "--images", IMAGES.toString(), "run", script.toString()), log, TIMEOUT_SECONDS);
            String out = r.output();
            String name = script.getFileName().toString();
            assertTrue(r.finished(), name + " did not finish within " + TIMEOUT_SECONDS + " s:\n" + tail(out));
            assertEquals(0, r.exitValue(), name + " failed:\n" + tail(out));
            assertTrue(out.contains("# " + name + ": done"), tail(out));
            assertTrue(out.contains("no leaks"), name + " ends with a clean leak report:\n" + tail(out));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static String tail(String s) {
        return s.length() <= 6000 ? s : "..." + s.substring(s.length() - 6000);
    }
}
