package oolong.qmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The QMP client and the launcher against real QEMU sitting in its firmware (no kernel). */
@Timeout(120)
class QmpIT {
    static VirtualMachine vm;

    @BeforeAll
    static void start() throws IOException {
        vm = VirtualMachine.start(new VmConfig().noReboot(false));
    }

    @AfterAll
    static void stop() {
        Path dir = vm.directory();
        vm.close();
        assertFalse(Files.exists(dir), "the private directory is removed");
        assertFalse(vm.running(), "QEMU has ended");
        /* every machine this class started is closed: none of their QMP clients' threads runs on */
        List<String> left = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.equals("qmp-reader") || n.equals("qmp-writer")).toList();
        assertTrue(left.isEmpty(), "QMP client threads left running: " + left);
    }

    @Test
    void negotiatesCapabilitiesAndReportsTheVersion() {
        assertTrue(vm.qmp().qemuVersion().matches("\\d+\\.\\d+\\.\\d+"), vm.qmp().qemuVersion());
        assertTrue(vm.qmp().greetingCapabilities().isArray());
        assertEquals("running", vm.status());
    }

    @Test
    void stopAndContSendTheirEvents() {
        CompletableFuture<QmpEvent> stop = vm.qmp().nextEvent(e -> e.name().equals("STOP"));
        vm.stop();
        assertEquals("STOP", vm.qmp().awaitEvent(stop, Duration.ofSeconds(5)).name());
        assertEquals("paused", vm.status());
        CompletableFuture<QmpEvent> resume = vm.qmp().nextEvent(e -> e.name().equals("RESUME"));
        vm.cont();
        assertEquals("RESUME", vm.qmp().awaitEvent(resume, Duration.ofSeconds(5)).name());
        assertEquals("running", vm.status());
    }

    @Test
    void anUnknownCommandIsATypedError() {
        QmpException e = assertThrows(QmpException.class, () -> vm.qmp().call("no-such-command"));
        assertEquals("CommandNotFound", e.errorClass());
        assertTrue(e.description().contains("no-such-command"), e.description());
        QmpException bad = assertThrows(QmpException.class, () -> vm.qmp().call("pmemsave", Map.of("val", 0)));
        assertEquals("GenericError", bad.errorClass());
    }

    @Test
    void resetSendsItsEvent() {
        CompletableFuture<QmpEvent> reset = vm.qmp().nextEvent(e -> e.name().equals("RESET"));
        vm.reset();
        QmpEvent e = vm.qmp().awaitEvent(reset, Duration.ofSeconds(5));
        assertEquals("RESET", e.name());
        assertTrue(e.data().path("guest").isBoolean(), e.toString());
    }

    @Test
    void hmpPassThrough() {
        assertTrue(vm.hmp("info version").startsWith(vm.qmp().qemuVersion()), vm.hmp("info version"));
        assertTrue(vm.hmp("info pci").contains("1af4"), "the agent's virtio-serial device (vendor 1af4) is on the bus");
    }

    /**
     * The registers parsed from `info registers` are the CPU's: with the CPU paused they agree with
     * what the monitor's own expression evaluator reads ({@code print $eip}: the firmware runs
     * outside long mode), the firmware runs in ring 0, and RFLAGS has its always-set bit 1.
     */
    @Test
    void registersAreTheCpusOwn() {
        vm.stop();
        try {
            Registers r = vm.registers();
            assertEquals(monitorValue("print $eip"), r.rip(), r.toString());
            assertEquals(monitorValue("print $esp"), r.rsp(), r.toString());
            assertEquals(0, r.cpl(), "the firmware runs in ring 0: " + r);
            assertEquals(2, r.rflags() & 2, "RFLAGS bit 1 is always set: " + r);
            assertEquals(r.rip(), r.all().get("EIP"), "all() has every NAME=value, the 32-bit names outside long mode");
            assertEquals(r, vm.registers(), "a paused CPU stands still");
        } finally {
            vm.cont();
        }
    }

    private static long monitorValue(String expression) {
        String out = vm.hmp(expression).strip();
        assertTrue(out.startsWith("0x"), expression + ": " + out);
        return Long.parseUnsignedLong(out.substring(2), 16);
    }

    /**
     * The firmware image QEMU loaded, found where QEMU looks for it ({@code -L help} lists its data
     * directories). A QEMU without it cannot boot a PC: a missing file fails the test, naming the
     * package, rather than skipping it.
     */
    static Path firmware(String name) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new VmConfig().qemuBinary, "-L", "help").redirectErrorStream(true).start();
        String dirs = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "qemu -L help did not end");
        for (String dir : dirs.strip().split("\n")) {
            Path candidate = Path.of(dir.strip()).resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(name + " is in none of QEMU's data directories (" + dirs.strip().replace('\n', ' ')
                + "): QEMU cannot boot a PC without SeaBIOS; install it with: sudo apt-get install seabios");
    }

    @Test
    void readsTheBiosRomBack() throws Exception {
        byte[] file = Files.readAllBytes(firmware("bios-256k.bin"));
        byte[] tail = Arrays.copyOfRange(file, file.length - 4096, file.length);
        assertArrayEquals(tail, vm.readPhysical(0x1_0000_0000L - 4096, 4096), "the ROM is mapped below 4 GiB");
        assertArrayEquals(Arrays.copyOfRange(file, file.length - 65536, file.length - 65536 + 256),
                vm.readPhysical(0xF0000, 256), "and its last 64 KiB at 0xF0000");
    }

    @Test
    void twoHundredConcurrentCommandsAllGetTheirOwnAnswers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    if (n % 2 == 0) {
                        return vm.qmp().call("query-status").path("status").asText().equals("running");
                    }
                    JsonNode name = vm.qmp().call("query-name");
                    return name.isObject();
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * QEMU is in a session of its own (so the terminal's Ctrl-C, sent to the foreground process
     * group, never reaches it), under its supervisor, and its directory names this JVM as owner.
     */
    @Test
    void qemuRunsInASessionOfItsOwnUnderItsSupervisor() throws IOException {
        long[] ours = sessionAndGroup(ProcessHandle.current().pid());
        long[] qemu = sessionAndGroup(vm.pid());
        assertTrue(qemu[0] != ours[0], "QEMU's session " + qemu[0] + " is not ours " + ours[0]);
        assertTrue(qemu[1] != ours[1], "nor its process group");
        assertTrue(ProcessHandle.of(vm.pid()).orElseThrow().info().command().orElse("").contains("qemu-system"),
                "pid() is QEMU's own");
        ProcessHandle parent = ProcessHandle.of(vm.pid()).orElseThrow().parent().orElseThrow();
        assertEquals(ProcessHandle.current().pid(), parent.parent().orElseThrow().pid(), "QEMU's parent is our child, the supervisor");
        assertEquals(ProcessHandle.current().pid(), PrivateDirectory.ownerPid(vm.directory()).orElseThrow());
    }

    /** Fields 6 and 5 of /proc/PID/stat: the session and the process group. */
    static long[] sessionAndGroup(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[3]), Long.parseLong(f[2])};
    }

    @Test
    void killedQemuFailsPendingCallsAtOnceAndIsCleanedUp() throws Exception {
        VirtualMachine victim = VirtualMachine.start(new VmConfig().agentPort(false));
        Path dir = victim.directory();
        victim.stop();
        CompletableFuture<QmpEvent> never = victim.qmp().nextEvent(e -> e.name().equals("NEVER"));
        ProcessHandle.of(victim.pid()).orElseThrow().destroyForcibly();
        long t0 = System.nanoTime();
        ExecutionException e = assertThrows(ExecutionException.class, () -> never.get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof QmpClosedException, e.toString());
        CompletableFuture<JsonNode> late = victim.qmp().execute("query-status", Map.of());
        assertThrows(ExecutionException.class, () -> late.get(1, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "failed fast");
        victim.close();
        assertFalse(Files.exists(dir));
    }

    @Test
    void aBadOptionIsAClearErrorWithQemusOwnOutput() {
        IOException e = assertThrows(IOException.class, () -> VirtualMachine.start(new VmConfig().extraArg("-no-such-option")));
        assertTrue(e.getMessage().contains("-no-such-option"), e.getMessage());
        IOException missing = assertThrows(IOException.class,
                () -> VirtualMachine.start(new VmConfig().qemuBinary("/nonexistent/qemu")));
        assertTrue(missing.getMessage().contains("apt-get install qemu-system-x86"), missing.getMessage());
    }

    @Test
    void snapshotAndRestoreTheWholeMachine() throws Exception {
        Path state = Files.createTempFile("oolong-state", ".bin");
        try {
            vm.saveState(state);
            assertTrue(Files.size(state) > 1 << 20, "RAM went into the file");
            assertEquals("running", vm.status(), "the source runs on");
            try (VirtualMachine copy = VirtualMachine.restore(new VmConfig().noReboot(false), state)) {
                assertEquals("running", copy.status());
                assertArrayEquals(vm.readPhysical(0xF0000, 4096), copy.readPhysical(0xF0000, 4096));
            }
        } finally {
            Files.deleteIfExists(state);
        }
    }
}
