package oolong.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A QEMU process with its QMP connection, the agent socket and the captured serial console, all
 * in a private directory (mode 0700). {@link #close} always ends QEMU (QMP quit, then SIGTERM, then
 * SIGKILL) and removes the directory; a JVM shutdown hook does the same for machines never closed.
 */
public final class VirtualMachine implements AutoCloseable {
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** The private directories' names in the temporary directory: oolong-vm-NNN. */
    public static final String DIRECTORY_PREFIX = "oolong-vm-";

    private final VmConfig config;
    private final Path dir;
    /** The supervisor (QemuSupervisor): it lives as long as QEMU and exits with QEMU's status. */
    private final Process process;
    private final long qemuPid;
    private final QmpClient qmp;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private VirtualMachine(VmConfig config, Path dir, Process process, long qemuPid, QmpClient qmp) {
        this.config = config;
        this.dir = dir;
        this.process = process;
        this.qemuPid = qemuPid;
        this.qmp = qmp;
        this.shutdownHook = new Thread(this::closeQuietly, "oolong-vm-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts QEMU and connects to QMP; a failure names the cause and carries QEMU's own output.
     * QEMU runs in a session of its own under a supervisor ({@link QemuSupervisor}): no terminal
     * signal reaches it, and it ends when this JVM dies. Private directories of dead owners left
     * by earlier runs are swept first ({@link PrivateDirectory}).
     */
    public static VirtualMachine start(VmConfig config) throws IOException {
        if (QemuSupervisor.onPath(config.qemuBinary).isEmpty()) {
            throw new IOException("cannot start QEMU: " + config.qemuBinary + " is not installed (or not on PATH)."
                    + " Install it with: sudo apt-get install qemu-system-x86");
        }
        QemuSupervisor.checkTools();
        PrivateDirectory.sweep(DIRECTORY_PREFIX);
        Path dir = PrivateDirectory.create(DIRECTORY_PREFIX);
        List<String> cmd = config.commandLine(dir);
        Process process;
        try {
            process = new ProcessBuilder(QemuSupervisor.commandLine(cmd, dir, config.ownerDirectories))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("qemu.log").toFile()).start();
        } catch (IOException e) {
            deleteTree(dir);
            throw new IOException("cannot start QEMU (" + config.qemuBinary + "): " + e.getMessage()
                    + ". Install it with: sudo apt-get install qemu-system-x86", e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Path qmpSocket = dir.resolve("qmp.sock");
        while (!Files.exists(qmpSocket) || QemuSupervisor.qemuPid(dir).isEmpty()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String output = readQuietly(dir.resolve("qemu.log"));
                QemuSupervisor.requestClose(process);
                waitQuietly(process, Duration.ofSeconds(5));
                process.destroyForcibly();
                deleteTree(dir);
                throw new IOException((process.isAlive() ? "QEMU did not open its QMP socket within "
                        + START_TIMEOUT.toSeconds() + " s" : "QEMU exited at start") + ": " + output.trim()
                        + "\ncommand: " + String.join(" ", cmd));
            }
            sleep(5);
        }
        QmpClient qmp;
        try {
            qmp = QmpClient.connect(qmpSocket, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        } catch (IOException e) {
            QemuSupervisor.requestClose(process);
            waitQuietly(process, Duration.ofSeconds(5));
            process.destroyForcibly();
            String output = readQuietly(dir.resolve("qemu.log"));
            deleteTree(dir);
            throw new IOException(e.getMessage() + (output.isBlank() ? "" : "; QEMU said: " + output.trim()), e);
        }
        return new VirtualMachine(config.copy(), dir, process, QemuSupervisor.qemuPid(dir).orElseThrow(), qmp);
    }

    /** Starts a new QEMU from a state saved with {@link #saveState} (same configuration). */
    public static VirtualMachine restore(VmConfig config, Path stateFile) throws IOException {
        if (!Files.isRegularFile(stateFile)) {
            throw new IOException("no saved state at " + stateFile);
        }
        VirtualMachine vm = start(config.copy().incoming(stateFile.toAbsolutePath()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (vm.status().equals("inmigrate")) {
            if (System.nanoTime() > deadline) {
                vm.close();
                throw new IOException("restoring " + stateFile + " did not finish within 120 s");
            }
            sleep(10);
        }
        return vm;
    }

    public QmpClient qmp() {
        return qmp;
    }

    public VmConfig config() {
        return config.copy();
    }

    public Path directory() {
        return dir;
    }

    /** The Unix socket bound to the kernel's virtio-serial agent port. */
    public Path agentSocket() {
        return dir.resolve("agent.sock");
    }

    public Path serialLog() {
        return dir.resolve("serial.log");
    }

    /** Everything the guest has written to its serial console so far. */
    public String serialOutput() {
        return readQuietly(serialLog()).replace("\r\n", "\n");
    }

    /** Waits until the serial console matches the pattern; returns the match. */
    public Matcher awaitSerial(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Matcher m = pattern.matcher(serialOutput());
            if (m.find()) {
                return m;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the console did not show /" + pattern + "/ within "
                        + timeout.toMillis() + " ms; it shows:\n" + tail(serialOutput(), 2000));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("QEMU exited (status " + process.exitValue()
                        + ") before the console showed /" + pattern + "/:\n" + tail(serialOutput(), 2000));
            }
            try {
                sleep(10);
            } catch (IOException e) {
                throw new IllegalStateException(e.getMessage());
            }
        }
    }

    static String tail(String s, int n) {
        return s.length() <= n ? s : "..." + s.substring(s.length() - n);
    }

    /** QEMU's own output (errors, warnings). */
    public String qemuOutput() {
        return readQuietly(dir.resolve("qemu.log"));
    }

    public boolean running() {
        return process.isAlive();
    }

    /** QEMU's own pid (not its supervisor's). */
    public long pid() {
        return qemuPid;
    }

    /** Completes with QEMU's exit status when it ends, whoever ends it. */
    public CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    // ------------------------------------------------------------------ typed QMP helpers

    /** "running", "paused", "shutdown", "guest-panicked", "inmigrate", "postmigrate", ... */
    public String status() {
        return qmp.call("query-status").path("status").asText();
    }

    public void stop() {
        qmp.call("stop");
    }

    public void cont() {
        qmp.call("cont");
    }

    public void reset() {
        qmp.call("system_reset");
    }

    public void injectNmi() {
        qmp.call("inject-nmi");
    }

    /** Runs a human-monitor command and returns its text. */
    public String hmp(String command) {
        return qmp.call("human-monitor-command", Map.of("command-line", command)).asText();
    }

    /** Reads guest physical memory (QEMU's pmemsave into the private directory). */
    public byte[] readPhysical(long address, int length) throws IOException {
        Path f = dir.resolve("pmem-" + System.nanoTime());
        try {
            qmp.call("pmemsave", Map.of("val", address, "size", length, "filename", f.toString()));
            return Files.readAllBytes(f);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    public Registers registers() {
        return Registers.parse(hmp("info registers"));
    }

    /** The hardware's view of the current page mappings (`info tlb`). */
    public List<TlbEntry> tlb() {
        return TlbEntry.parseTlb(hmp("info tlb"));
    }

    /** Mapped ranges as `info mem` shows them. */
    public List<MemRange> memoryRanges() {
        return MemRange.parse(hmp("info mem"));
    }

    /**
     * Saves the whole machine to a file (a migration to "exec:cat > file") and waits until it is
     * written. The machine is paused while saving and left as it was before.
     */
    public void saveState(Path file) throws IOException {
        String before = status();
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        qmp.call("migrate", Map.of("uri", "exec:cat > " + VmConfig.shellQuote(target.toString())));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (true) {
            JsonNode m = qmp.call("query-migrate");
            String s = m.path("status").asText();
            if (s.equals("completed")) {
                break;
            }
            if (s.equals("failed") || s.equals("cancelled")) {
                throw new IOException("saving the machine failed: " + m.path("error-desc").asText(s));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("saving the machine took longer than 300 s");
            }
            sleep(5);
        }
        if (before.equals("running")) {
            qmp.call("cont");
        }
    }

    // ------------------------------------------------------------------ ending

    /**
     * Ends QEMU: QMP quit; then the supervisor's SIGTERM and SIGKILL; last, SIGKILL to the
     * supervisor (QEMU's parent-death signal follows). Removes the private directory.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (process.isAlive() && qmp.connected()) {
                try {
                    qmp.execute("quit", Map.of());
                } catch (RuntimeException e) {
                    /* going on to signals */
                }
                waitQuietly(process, Duration.ofSeconds(2));
            }
            if (process.isAlive()) {
                QemuSupervisor.requestClose(process);
                waitQuietly(process, Duration.ofSeconds(5));
            }
            if (process.isAlive()) {
                process.destroyForcibly();
                waitQuietly(process, Duration.ofSeconds(5));
            }
        } finally {
            QemuSupervisor.requestClose(process);   /* closes our end of its pipe in every case */
            qmp.close();
            deleteTree(dir);
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                /* the JVM is shutting down: the hook is running us */
            }
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            /* best effort at JVM exit */
        }
    }

    private static void waitQuietly(Process process, Duration d) {
        try {
            process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    static String readQuietly(Path p) {
        try {
            return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    static void deleteTree(Path dir) {
        PrivateDirectory.deleteTree(dir);
    }
}
