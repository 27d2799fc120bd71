package oolong.repl.session;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import oolong.qmp.PrivateDirectory;
import oolong.qmp.QmpEvent;
import oolong.qmp.Registers;
import oolong.qmp.VirtualMachine;
import oolong.qmp.VmConfig;
import oolong.repl.agent.AgentClient;

/**
 * One REPL session's machine: the QEMU process, its QMP connection and the agent connection.
 * It survives reboots and restores: the facades ask it for the current connections, so {@code k}
 * and {@code vm} keep working when the machine underneath is replaced.
 */
public final class Session implements AutoCloseable {
    /** How long the kernel may take from QEMU's start to a working agent. */
    public static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);

    /** The snapshot directories' names in the temporary directory: oolong-snapshots-NNN. */
    public static final String SNAPSHOTS_PREFIX = "oolong-snapshots-";

    private final VmConfig config;
    private final PrintStream progress;
    private final Path snapshots;
    private final MachineNotices notices = new MachineNotices();
    private volatile MachineWatch watch;
    private VirtualMachine vm;
    private volatile AgentClient agent;
    private volatile PanicReport panic;
    private final Object panicLock = new Object();
    private CountDownLatch panicCaptured;
    private volatile long bootMillis;
    /** Counts machines: every boot and restore makes a new one (the state log forgets the old one's state). */
    private volatile int generation;
    private volatile java.util.function.BiConsumer<String, java.util.Map<String, ?>> requestObserver;

    /**
     * Makes the session's snapshot directory (swept at a later start if this JVM dies without
     * removing it; the machine's supervisor removes it when this JVM dies while a machine runs).
     */
    public Session(VmConfig config, PrintStream progress) throws IOException {
        PrivateDirectory.sweep(SNAPSHOTS_PREFIX);
        this.snapshots = PrivateDirectory.create(SNAPSHOTS_PREFIX);
        this.config = config.copy().removeIfOwnerDies(snapshots);
        this.progress = progress;
    }

    /** Starts QEMU and waits until the kernel's agent answers, reporting progress. */
    public synchronized void boot() throws IOException {
        long t0 = System.nanoTime();
        say("starting QEMU (" + config.copy() + ")");
        attach(VirtualMachine.start(config), t0);
    }

    private void attach(VirtualMachine machine, long t0) throws IOException {
        generation++;
        vm = machine;
        clearPanic();
        vm.qmp().addEventListener(this::onEvent);
        try {
            Matcher banner = vm.awaitSerial(Pattern.compile("(Oolong [^\\n]*) -- a kernel in Java"), BOOT_TIMEOUT);
            say("kernel up: " + banner.group(1));
            agent = AgentClient.connect(vm.agentSocket(), Duration.ofSeconds(10));
            observe(agent);
            long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
            while (true) {
                try {
                    agent.call("ping", java.util.Map.of(), Duration.ofSeconds(2));
                    break;
                } catch (RuntimeException e) {
                    if (System.nanoTime() > deadline || !vm.running()) {
                        throw new IOException("the kernel's agent did not answer: " + e.getMessage()
                                + "\nconsole:\n" + VirtualMachineTail.of(vm));
                    }
                }
            }
            bootMillis = (System.nanoTime() - t0) / 1_000_000;
            watch = new MachineWatch(vm, agent, notices, this::howToGoOn);
            say("agent ready after " + bootMillis + " ms");
        } catch (RuntimeException | IOException e) {
            String console = VirtualMachineTail.of(vm);
            vm.close();
            vm = null;
            throw new IOException("the machine did not come up: " + e.getMessage()
                    + (console.isBlank() ? "" : "\nlast console output:\n" + console), e);
        }
    }

    /*
     * A panic: QEMU's pvpanic device pauses the machine (panic action "pause") and sends
     * GUEST_PANICKED on the QMP reader thread, which must not wait for QMP answers itself. A
     * separate thread reads the CPU's registers while the machine is still paused, then publishes
     * the report and fails every agent call still waiting (the kernel will never answer them).
     */
    private void onEvent(QmpEvent e) {
        if (e.name().equals("GUEST_PANICKED")) {
            VirtualMachine machine = vm;
            CountDownLatch done = new CountDownLatch(1);
            synchronized (panicLock) {
                panicCaptured = done;
                panic = PanicReport.of(consolePanicText(machine), null, "not read yet");
            }
            Thread t = new Thread(() -> capturePanic(machine, done), "oolong-panic-capture");
            t.setDaemon(true);
            t.start();
        }
    }

    private void capturePanic(VirtualMachine machine, CountDownLatch done) {
        Registers regs = null;
        String error = null;
        try {
            regs = machine.registers();
        } catch (RuntimeException ex) {
            error = ex.getMessage();
        }
        PanicReport report = PanicReport.of(consolePanicText(machine), regs, error);
        boolean current;
        synchronized (panicLock) {
            current = panicCaptured == done;
            if (current) {
                panic = report;
            }
        }
        done.countDown();
        if (current) {
            notices.post("*** the kernel panicked ***\n" + report + "\n*** " + howToGoOn());
            if (Boolean.getBoolean("oolong.panic.stderr")) {
                /* the integration tests set it: a panic in a test leaves its report in the build's log */
                System.err.println("*** the kernel panicked ***\n" + report + "\n--- console ---\n"
                        + (machine == null ? "" : machine.serialOutput()));
            }
        }
        AgentClient a = agent;
        if (a != null) {
            /* the report itself is in the notice: the failed call names the panic and where to read it */
            a.failAll("kernel panic: " + report.message() + " (the report: vm.panic())");
        }
    }

    /** The panic text from the console (the lines from "*** KERNEL PANIC" or "*** CPU EXCEPTION"). */
    static String consolePanicText(VirtualMachine machine) {
        if (machine == null) {
            return "";
        }
        String out = machine.serialOutput();
        int i = Math.max(out.lastIndexOf("*** KERNEL PANIC"), out.lastIndexOf("*** CPU EXCEPTION"));
        return i < 0 ? "(no report on the console)" : out.substring(i).strip();
    }

    /** Waits (up to 5 s) until a panic's registers have been read. */
    private void awaitPanicCapture() {
        CountDownLatch l;
        synchronized (panicLock) {
            l = panicCaptured;
        }
        if (l != null) {
            try {
                l.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Null unless the kernel has panicked; then its report (console text and CPU registers). */
    public String panic() {
        PanicReport r = panicReport();
        return r == null ? null : r.toString();
    }

    /** Null unless the kernel has panicked; then its report, once the registers have been read. */
    public PanicReport panicReport() {
        if (panic == null) {
            return null;
        }
        awaitPanicCapture();
        return panic;
    }

    /**
     * Tells the observer of every agent request this session's snippets send, on this machine
     * and every later one (see {@link AgentClient#observeRequests}).
     */
    public void observeRequests(java.util.function.BiConsumer<String, java.util.Map<String, ?>> observer) {
        requestObserver = observer;
        AgentClient a = agent;
        if (a != null) {
            a.observeRequests(observer);
        }
    }

    private void observe(AgentClient a) {
        var o = requestObserver;
        if (o != null) {
            a.observeRequests(o);
        }
    }

    /** Which machine this is: a boot, reboot or restore makes a new one. */
    public int generation() {
        return generation;
    }

    public long bootMillis() {
        return bootMillis;
    }

    public synchronized VirtualMachine vm() {
        if (vm == null) {
            throw new IllegalStateException("the machine is not running (use /reboot or vm.reboot())");
        }
        return vm;
    }

    public synchronized AgentClient agent() {
        if (agent == null) {
            throw new IllegalStateException("the kernel is not connected");
        }
        if (panic != null) {
            throw new IllegalStateException("the kernel has panicked (" + panicReport().message() + "; the report:"
                    + " vm.panic()); " + howToGoOn());
        }
        MachineWatch w = watch;
        if (w != null && w.ended() != null) {
            throw new IllegalStateException(w.ended() + "; " + howToGoOn());
        }
        return agent;
    }

    /** Notices about the machine (a panic, its end, a dropped agent connection), each taken once. */
    public MachineNotices notices() {
        return notices;
    }

    /** How to go on after the machine ended or panicked: /reboot, or a restore of the snapshots there are. */
    String howToGoOn() {
        List<String> names = new ArrayList<>();
        try (var files = Files.list(snapshots)) {
            for (Path p : files.toList()) {
                String f = p.getFileName().toString();
                if (f.endsWith(".state")) {
                    names.add(f.substring(0, f.length() - ".state".length()));
                }
            }
        } catch (IOException e) {
            /* no names then */
        }
        Collections.sort(names);
        return "/reboot starts a fresh machine; vm.restore(\"name\") brings back a snapshot"
                + (names.isEmpty() ? " (none saved yet)" : " (saved: " + String.join(", ", names) + ")");
    }

    /** Ends the machine and boots a fresh one. */
    public synchronized void reboot() throws IOException {
        shutdownMachine();
        boot();
    }

    /**
     * Saves the whole machine under a name. A running kernel first zeroes the free frames that
     * still hold old contents (the agent's scrub), so the state file holds only memory in use:
     * QEMU's migration skips zero pages.
     */
    public synchronized Path snapshot(String name) throws IOException {
        checkName(name);
        Path file = snapshots.resolve(name + ".state");
        AgentClient a = agent;
        if (a != null && panic == null) {
            try {
                a.call("scrub", java.util.Map.of(), Duration.ofSeconds(30));
            } catch (RuntimeException e) {
                /* an older kernel, or one that does not answer: save it as it is */
            }
        }
        vm().saveState(file);
        return file;
    }

    /** Replaces the machine with the one saved under the name, and reconnects the agent. */
    public synchronized void restore(String name) throws IOException {
        checkName(name);
        Path file = snapshots.resolve(name + ".state");
        if (!Files.exists(file)) {
            throw new IOException("no snapshot named '" + name + "'");
        }
        shutdownMachine();
        VirtualMachine restored = VirtualMachine.restore(config, file);
        generation++;
        vm = restored;
        clearPanic();
        vm.qmp().addEventListener(this::onEvent);
        agent = AgentClient.connect(vm.agentSocket(), Duration.ofSeconds(10));
        observe(agent);
        agent.call("ping", java.util.Map.of(), Duration.ofSeconds(10));
        watch = new MachineWatch(vm, agent, notices, this::howToGoOn);
        /* no progress line: vm.restore returns "restored 'NAME' in N ms", and one is enough */
    }

    private static void checkName(String name) {
        if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("a snapshot name is 1-64 letters, digits, '.', '_' or '-': " + name);
        }
    }

    private void clearPanic() {
        synchronized (panicLock) {
            panic = null;
            panicCaptured = null;
        }
    }

    /** Ends the machine (after a panic, only once its registers have been read). */
    private void shutdownMachine() {
        MachineWatch w = watch;
        if (w != null) {
            w.stop();
            watch = null;
        }
        awaitPanicCapture();
        if (agent != null) {
            agent.close();
            agent = null;
        }
        if (vm != null) {
            vm.close();
            vm = null;
        }
    }

    private void say(String s) {
        if (progress != null) {
            progress.println("[oolong] " + s);
        }
    }

    @Override
    public synchronized void close() {
        shutdownMachine();
        PrivateDirectory.deleteTree(snapshots);
    }

    /** The last lines of the console, for error messages. */
    static final class VirtualMachineTail {
        static String of(VirtualMachine vm) {
            if (vm == null) {
                return "";
            }
            String s = vm.serialOutput();
            String[] lines = s.split("\n");
            StringBuilder sb = new StringBuilder();
            for (int i = Math.max(0, lines.length - 15); i < lines.length; i++) {
                sb.append("  | ").append(lines[i]).append('\n');
            }
            String q = vm.qemuOutput().strip();
            return sb + (q.isEmpty() ? "" : "QEMU: " + q);
        }
    }
}
