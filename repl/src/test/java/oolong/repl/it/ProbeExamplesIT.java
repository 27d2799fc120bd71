package oolong.repl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * The probe and patch examples of scripts/examples (docs/probes.md) run green through the batch
 * runner, as {@code scripts/oolong run scripts/examples/X.jsh} runs them (a JVM and a QEMU of their
 * own), and each prints the effect it exists to show: so the examples cannot rot. Each script ends
 * with {@code k.check()}, so a kernel left inconsistent fails it too.
 */
class ProbeExamplesIT {
    static final Path EXAMPLES = Path.of(System.getProperty("oolong.examples", "../scripts/examples"));
    static final Path IMAGES = Path.of(System.getProperty("oolong.images", "../boot/target/images"));
    static final long TIMEOUT_SECONDS = 300;

    /** What each example must print: the effect it shows, not only a clean exit. */
    static final Map<String, List<String>> SHOWS = Map.of(
            "patch-epipe.jsh", List.of("write 1 -> 2 bytes", "write 3 -> -EPIPE", "write 6 -> -EPIPE", "write 7 -> 2 bytes"),
            "probe-kills.jsh", List.of(" exit 3 (killed by ", " exit 9 (killed by "),
            "probe-page-faults.jsh", List.of(" faults, "),
            "probe-syscall-latency.jsh", List.of(" (ns)"));

    @TestFactory
    @Timeout(value = 1500)
    Stream<DynamicTest> everyProbeAndPatchExampleShowsItsEffect() {
        return SHOWS.keySet().stream().sorted()
                .map(name -> DynamicTest.dynamicTest(name, () -> runGreen(EXAMPLES.resolve(name), SHOWS.get(name))));
    }

    static void runGreen(Path script, List<String> shows) throws Exception {
        assertTrue(Files.isRegularFile(script), "no example " + script.toAbsolutePath());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = Files.createTempFile("oolong-example-", ".log");
        try {
            BoundedRun.Outcome r = BoundedRun.run(new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    "oolong.repl.Main", "--images", IMAGES.toString(), "run", script.toString()), log, TIMEOUT_SECONDS);
            String out = r.output();
            String name = script.getFileName().toString();
            assertTrue(r.finished(), name + " did not finish within " + TIMEOUT_SECONDS + " s:\n" + FaultScriptsIT.tail(out));
            assertEquals(0, r.exitValue(), name + " failed:\n" + FaultScriptsIT.tail(out));
            assertTrue(out.contains("# " + name + ": done"), FaultScriptsIT.tail(out));
            for (String s : shows) {
                assertTrue(out.contains(s), name + " does not show '" + s + "':\n" + FaultScriptsIT.tail(out));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
