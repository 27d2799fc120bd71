package oolong.repl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import oolong.qmp.VmConfig;
import oolong.repl.session.Session;
import oolong.repl.agent.AgentException;
import oolong.repl.api.Kernel;
import oolong.repl.api.Machine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The session tells the user when the machine ends without being asked to (QEMU killed, the
 * kernel shutting down, the agent connection dropped): one notice, at once, saying what happened
 * and how to go on; later calls are refused in the same words. A reboot, a restore or leaving is
 * not reported. And the REPL's own messages: a restore reports once, a refused kill of init
 * names the Java call.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MachineEndIT {
    static final ByteArrayOutputStream progressBytes = new ByteArrayOutputStream();
    static Session session;
    static Kernel k;
    static Machine vm;
    static final AtomicInteger wakeups = new AtomicInteger();

    @BeforeAll
    static void boot() throws Exception {
        Path images = Path.of(System.getProperty("oolong.images", "../boot/target/images"));
        session = new Session(new VmConfig().kernel(images.resolve("kernel.elf")).module(images.resolve("user.elf").toString()),
                new PrintStream(progressBytes, true, StandardCharsets.UTF_8));
        session.boot();
        session.notices().onPosted(wakeups::incrementAndGet);
        k = new Kernel(session::agent);
        vm = new Machine(session);
    }

    @AfterAll
    static void leave() {
        if (session != null) {
            session.close();
            assertEquals(List.of(), session.notices().take(), "leaving is not reported");
        }
    }

    /** Waits (up to 10 s) for the notices posted from now on. */
    static List<String> awaitNotices() throws InterruptedException {
        List<String> got = new ArrayList<>();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (got.isEmpty() && System.nanoTime() < deadline) {
            got.addAll(session.notices().take());
            Thread.sleep(20);
        }
        return got;
    }

    @Test
    @Order(1)
    void aRestoreReportsOnceAndIsNotAnEnd() throws Exception {
        vm.snapshot("start");
        progressBytes.reset();
        String r = vm.restore("start");
        assertTrue(r.matches("restored 'start' in \\d+ ms"), r);
        assertFalse(progressBytes.toString(StandardCharsets.UTF_8).contains("restored"),
                "the result is printed by the console, not also on the progress stream: " + progressBytes);
        Thread.sleep(1500);
        assertEquals(List.of(), session.notices().take(), "replacing the machine on purpose is not an end");
        assertTrue(k.ping() > 0);
    }

    @Test
    @Order(2)
    void aRefusedKillOfInitNamesTheJavaCall() {
        k.spawn("sleeper", "60000");
        AgentException e = assertThrows(AgentException.class, () -> k.kill(1));
        assertTrue(e.getMessage().contains("call k.kill(1, -1, true) to do it anyway"), e.getMessage());
        assertFalse(e.getMessage().contains("force=true"), e.getMessage());
    }

    @Test
    @Order(3)
    void qemuKilledIsAnnouncedAtOnceAndLaterCallsSayTheSame() throws Exception {
        int woken = wakeups.get();
        ProcessHandle.of(session.vm().pid()).orElseThrow().destroyForcibly();
        List<String> notices = awaitNotices();
        assertEquals(List.of("*** the machine has ended: QEMU was killed by signal 9 (SIGKILL)\n"
                + "*** /reboot starts a fresh machine; vm.restore(\"name\") brings back a snapshot (saved: start)"), notices);
        assertTrue(wakeups.get() > woken, "the listener (the console) was woken");
        IllegalStateException refused = assertThrows(IllegalStateException.class, k::ping);
        assertEquals("the machine has ended: QEMU was killed by signal 9 (SIGKILL); /reboot starts a fresh machine;"
                + " vm.restore(\"name\") brings back a snapshot (saved: start)", refused.getMessage());
        vm.reboot();
        assertTrue(k.ping() > 0);
        Thread.sleep(1500);
        assertEquals(List.of(), session.notices().take(), "a reboot is not an end");
    }

    @Test
    @Order(4)
    void theKernelShuttingDownIsAnnouncedWithItsLastWords() throws Exception {
        k.filicide(1);
        LiveKernel.until(k, () -> k.ps().size() == 1, "init is alone");
        try {
            k.kill(1, 0);
        } catch (RuntimeException e) {
            /* the answer may be lost with the machine */
        }
        List<String> notices = awaitNotices();
        assertEquals(1, notices.size(), notices.toString());
        assertTrue(notices.get(0).startsWith("*** the machine has ended: the kernel shut down normally (QEMU exit status 33);"
                + " the console's last line: init exited with code 0; shutting down\n*** /reboot"), notices.get(0));
        vm.reboot();
    }

    @Test
    @Order(5)
    void aDroppedAgentConnectionIsAnnouncedWhileQemuRunsOn() throws Exception {
        k.agent().close();
        List<String> notices = awaitNotices();
        assertEquals(List.of("*** the agent connection dropped (closed by the REPL); QEMU still runs (status running)"
                + " but k cannot reach the kernel\n*** /reboot starts a fresh machine; vm.restore(\"name\") brings back a"
                + " snapshot (saved: start)"), notices);
        assertEquals("running", vm.status());
        vm.restore("start");
        assertTrue(k.ping() > 0);
    }
}
