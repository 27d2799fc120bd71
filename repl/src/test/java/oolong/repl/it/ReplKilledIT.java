package oolong.repl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import oolong.qmp.PrivateDirectory;
import oolong.qmp.VirtualMachine;
import oolong.repl.session.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A REPL whose JVM is killed with SIGKILL (no shutdown hook runs) leaves nothing behind: its
 * QEMU ends and its private directories (the machine's and the snapshots') are removed within a
 * few seconds. And a directory left by an owner that died earlier is swept when a REPL starts.
 */
class ReplKilledIT {
    static final long GONE_WITHIN_SECONDS = 10;

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void aReplKilledBySigkillLeavesNoQemuAndNoDirectory() throws Exception {
        Path stale = plantStaleDirectory();
        Path script = dir.resolve("wait.jsh");
        Files.writeString(script, "vm.snapshot(\"kept\")\nSystem.out.println(\"READY\");\nThread.sleep(600000);\n");
        Path log = dir.resolve("repl.log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process repl = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), "oolong.repl.Main",
                "--images", System.getProperty("oolong.images", "../boot/target/images"), "run", script.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<ProcessHandle> under = new ArrayList<>();
        List<Path> owned = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (!Files.readString(log, StandardCharsets.UTF_8).contains("READY\n")) {
                assertTrue(repl.isAlive() && System.nanoTime() < deadline, "the REPL did not get ready:\n" + Files.readString(log));
                Thread.sleep(100);
            }
            assertFalse(Files.exists(stale), "the stale directory of a dead owner was swept at the start");
            under.addAll(repl.descendants().toList());
            assertTrue(under.stream().anyMatch(p -> p.info().command().orElse("").contains("qemu-system")),
                    "QEMU runs under the REPL");
            owned.addAll(ownedBy(repl.pid(), VirtualMachine.DIRECTORY_PREFIX));
            owned.addAll(ownedBy(repl.pid(), Session.SNAPSHOTS_PREFIX));
            assertEquals(2, owned.size(), "the machine's directory and the snapshots': " + owned);

            repl.destroyForcibly();         /* SIGKILL: no shutdown hook, no finally */
            assertTrue(repl.waitFor(10, TimeUnit.SECONDS));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(GONE_WITHIN_SECONDS);
            while (System.nanoTime() < end && (under.stream().anyMatch(ProcessHandle::isAlive) || owned.stream().anyMatch(Files::exists))) {
                Thread.sleep(50);
            }
            assertFalse(under.stream().anyMatch(ProcessHandle::isAlive), "still running " + GONE_WITHIN_SECONDS + " s later: "
                    + under.stream().filter(ProcessHandle::isAlive).map(p -> p.pid() + " " + p.info().command().orElse("")).toList());
            for (Path p : owned) {
                assertFalse(Files.exists(p), p + " is still there " + GONE_WITHIN_SECONDS + " s later");
            }
        } finally {
            repl.destroyForcibly();
            for (ProcessHandle p : under) {
                p.destroyForcibly();
            }
            for (Path p : owned) {
                PrivateDirectory.deleteTree(p);
            }
            PrivateDirectory.deleteTree(stale);
        }
    }

    /** A snapshots directory whose owner record names a process that has ended. */
    static Path plantStaleDirectory() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        long pid = gone.pid();
        long started = gone.toHandle().info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
        assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
        Path d = Files.createTempDirectory(Session.SNAPSHOTS_PREFIX);
        Files.writeString(d.resolve("x.state"), "an old snapshot");
        Files.writeString(d.resolve(PrivateDirectory.OWNER_FILE), "pid " + pid + " started " + started + "\n");
        return d;
    }

    static List<Path> ownedBy(long pid, String prefix) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")), prefix + "*")) {
            for (Path d : s) {
                if (PrivateDirectory.ownerPid(d).map(o -> o == pid).orElse(false)) {
                    out.add(d);
                }
            }
        }
        return out;
    }
}
