package oolong.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import oolong.kernel.proc.bench.ModelBench;
import oolong.kernel.proc.bench.ProcessModelWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The host-native build (what scripts/bench-model runs as "native host"): TeaVM and gcc make a
 * Linux executable of the benchmark, and it computes the same checksums as HotSpot.
 */
class NativeBuildIT {
    static final Path TARGET = Path.of("target");

    @Test
    @Timeout(600)
    void theNativeExecutableAgreesWithHotSpot() throws Exception {
        String classpath = TARGET.resolve("classes") + java.io.File.pathSeparator
                + Files.readString(TARGET.resolve("classpath.txt")).trim();
        Path exe = TARGET.resolve("native-it/modelbench-native");
        String build = run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss16m",
                "-cp", classpath, NativeBuild.class.getName(), TARGET.resolve("native-it").toString(), exe.toString()), 540);
        assertTrue(build.contains("[native-build]"), build);

        String out = run(List.of(exe.toString(), "3000,700"), 60);
        long[] expected = ProcessModelWorkload.referenceChecksums(3000, ModelBench.RUNS, 700);
        assertTrue(out.contains("modelbench: result fork-kill-reap processes=3000 runs=3 ns/cycle="), out);
        assertTrue(out.contains(" checksum=" + Long.toHexString(expected[0]) + "\n"), "fork/kill/reap checksum: " + out);
        assertTrue(out.contains("modelbench: result walk nodes=700 walks=10 ms/walk="), out);
        assertTrue(out.contains(" checksum=" + Long.toHexString(expected[1]) + "\n"), "walk checksum: " + out);
        assertTrue(out.contains("modelbench: check ok\n"), out);

        Process bad = new ProcessBuilder(exe.toString(), "lots").redirectErrorStream(true).start();
        String refused = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bad.waitFor(30, TimeUnit.SECONDS), "exits");
        assertEquals(1, bad.exitValue(), refused);
    }

    /** Runs a command; its output, or a failure with the output when it fails or overstays. */
    static String run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("native-build-it", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (!done) {
                throw new AssertionError(command.get(0) + " did not finish in " + timeoutSeconds + " s:\n" + out);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited with " + p.exitValue() + ":\n" + out);
            }
            return out;
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }
}
