package oolong.repl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import oolong.api.Errno;
import oolong.api.ExitCodes;
import oolong.api.MemFlags;
import oolong.api.Syscall;
import oolong.kernel.mem.UserLayout;
import oolong.repl.session.PanicReport;
import oolong.repl.session.Session;
import oolong.repl.agent.AgentException;
import oolong.repl.api.PuppetReply;
import oolong.repl.api.Chaos;
import oolong.repl.api.CheckReport;
import oolong.repl.api.Faults;
import oolong.repl.api.Kernel;
import oolong.repl.api.LeakReport;
import oolong.repl.api.Machine;
import oolong.repl.api.ProcessInfo;
import oolong.repl.api.ProcessTree;
import oolong.repl.api.Puppet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault injection against the real kernel in QEMU (TCG), one machine for the class: every fault
 * point fires exactly as its knobs say and its failure reaches the user program as an error (or a
 * clean death) without hurting the kernel; a long chaos run; snapshot, damage, restore; the init
 * panic and its report. After every test the kernel's check is clean and every leak counter is
 * back at the baseline taken after boot.
 */
@Timeout(180)
class FaultsIT {
    static Session session;
    static Kernel k;
    static Machine vm;
    static Map<String, Long> baseline;

    /**
     * A fresh stack page of a puppet, 32 KiB below anything its stack uses (the stack is 1 MiB,
     * demand-zero), in the 2 MiB range whose leaf table the process already has (memory.md): a
     * touch needs one frame, for the page.
     */
    static final long UNTOUCHED_STACK_PAGE = UserLayout.STACK_TOP - 0x8000;
    /** A fixed address for memflag mappings (above MMAP_BASE, 64 GiB). */
    static final long MAP_AT = 0x20_0000_0000L;

    @BeforeAll
    static void boot() throws Exception {
        session = LiveKernel.boot();
        k = new Kernel(session::agent);
        vm = new Machine(session);
        baseline = k.baseline();
    }

    @AfterAll
    static void shutDown() {
        if (session != null) {
            session.close();
        }
    }

    @BeforeEach
    void noFaults() {
        k.faults().clear();
    }

    @AfterEach
    void kernelConsistentAndNothingLeaked() {
        k.faults().clear();
        CheckReport r = k.check();
        assertTrue(r.ok(), r.toString());
        LeakReport leaks = k.leakReport(baseline);
        assertTrue(leaks.clean(), leaks + "\n" + k.ps());
    }

    static ProcessInfo info(int pid) {
        return k.ps().pid(pid).orElse(null);
    }

    static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        LiveKernel.until(k, condition, what);
    }

    /** The return value of a puppet command ("ret"), failing if the puppet died instead. */
    static long ret(Puppet p, String command) {
        PuppetReply r = p.command(command);
        assertFalse(r.path("exited").asBoolean(), "puppet " + p.pid() + " died during '" + command + "': " + r);
        return r.path("result").path("ret").asLong();
    }

    static void killAll(Puppet... roots) {
        for (Puppet p : roots) {
            ProcessInfo i = info(p.pid());
            if (i != null && i.alive()) {
                k.filicide(p.pid());
                k.kill(p.pid(), 0);
            } else if (i != null) {
                k.filicide(p.pid());
            }
        }
    }

    // ------------------------------------------------------------------ frames

    @Test
    void framesInSyscallsFailMemflagWithEnomemAtEveryAllocationAndUndoIt() {
        Puppet p = k.puppet();
        p.getpid();
        int pages = 8;
        int failedAt = -1;
        for (int n = 0; n <= pages + 2; n++) {
            Faults.Point f = k.faults().prepare("frames").forPids(p.pid()).inSyscalls().after(n).times(1).on();
            long r = p.memflag(MAP_AT, pages * 4096L, MemFlags.PRESENT);
            Faults.State s = k.faults().state("frames");
            if (r == -Errno.ENOMEM) {
                assertEquals(n + 1, s.hits(), "allocation " + n + " failed after " + n + " that succeeded");
                assertEquals(1, s.failures());
                assertEquals(0, s.timesLeft(), "times(1) used up");
                assertNull(k.pages(p.pid()).at(MAP_AT), "a failed memflag maps nothing (n=" + n + ")");
            } else {
                assertEquals(MAP_AT, r, "memflag succeeds once it needs fewer than " + (n + 1) + " frames");
                assertEquals(0, s.failures());
                assertEquals(n, s.hits(), "memflag of " + pages + " pages made " + n + " allocations");
                failedAt = n;
                assertEquals(MAP_AT, p.memflag(MAP_AT, pages * 4096L, 0), "unmap");
                f.off();
                break;
            }
        }
        assertTrue(failedAt >= pages, "at least one frame per page: " + failedAt);
        killAll(p);
    }

    @Test
    void framesInSyscallsLeaveThePagesAUserProgramTouchesAlone() {
        Puppet p = k.puppet();
        p.getpid();
        k.faults().prepare("frames").forPids(p.pid()).inSyscalls().on();     /* every one, no limit */
        assertEquals(-Errno.ENOMEM, p.memflag(MAP_AT, 4096, MemFlags.PRESENT));
        assertEquals(-Errno.ENOMEM, ret(p, "fork 0"), "fork needs frames (saved registers, page tables)");
        assertEquals(0, p.touch(UNTOUCHED_STACK_PAGE), "a demand-zero page fault is not a system call");
        assertEquals(p.pid(), p.getpid());
        Faults.State s = k.faults().state("frames");
        assertEquals(s.hits(), s.failures(), "every allocation in its system calls failed");
        assertTrue(s.failures() >= 2, s.toString());
        killAll(p);
    }

    @Test
    void aPageThatCannotGetAFrameKillsTheProcessWithAClearReason() {
        Puppet p = k.puppet();
        p.getpid();
        Puppet other = k.puppet();
        other.getpid();
        k.faults().prepare("frames").forPids(p.pid()).inPageFaults().times(1).on();
        assertEquals(0, other.touch(UNTOUCHED_STACK_PAGE), "another process is out of scope");
        PuppetReply r = p.command("touch " + UNTOUCHED_STACK_PAGE);
        assertTrue(r.path("exited").asBoolean(), "the puppet cannot go on without the page: " + r);
        assertEquals(ExitCodes.OUT_OF_MEMORY, r.path("code").asLong());
        Faults.State s = k.faults().state("frames");
        assertEquals(1, s.failures(), s.toString());
        String console = vm.console();
        assertTrue(console.contains("pid " + p.pid() + " (puppet): out of memory: no frame for the page at 0x"),
                vm.console(10));
        assertTrue(console.contains("killed (exit 137)"), vm.console(10));
        killAll(other);
    }

    @Test
    void aSpawnFromTheReplChargesItsFramesToTheParent() {
        Puppet p = k.puppet();
        /* in system calls only: the puppet's own page faults must not kill it meanwhile */
        k.faults().prepare("frames").forPids(p.pid()).inSyscalls().on();
        AgentException e = assertThrows(AgentException.class, () -> k.spawnUnder(p.pid(), "sleeper", "10"));
        assertEquals("ENOMEM", e.code(), "the parent's frames fail: " + e.getMessage());
        int other = k.spawn("sleeper", "10");
        assertTrue(other > 0, "a spawn under init is out of the point's scope");
        assertTrue(k.faults().state("frames").failures() >= 1);
        k.faults().clear();
        int child = k.spawnUnder(p.pid(), "sleeper", "10");
        assertTrue(child > 0);
        assertEquals(0, p.await(), "the child spawned once the point is off runs and exits 0");
        k.kill(p.pid(), 0);
    }

    // ------------------------------------------------------------------ process-alloc and the knobs

    /** Forks n times; true where the fork failed with ENOMEM. Children are killed and awaited at once. */
    static List<Boolean> forks(Puppet p, int n) {
        List<Boolean> failed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long r = ret(p, "fork 0");
            if (r > 0) {
                k.kill((int) r, 77);
                assertEquals(77, p.await(), "the parent awaits its child");
                failed.add(false);
            } else {
                assertEquals(-Errno.ENOMEM, r, "a refused fork is ENOMEM");
                failed.add(true);
            }
        }
        return failed;
    }

    /** Awaits every child of a puppet; returns the puppet's count of failed awaits (0). */
    static int drain(Puppet p) {
        while (true) {
            long r = p.await();
            if (r == ExitCodes.NOTHING_TO_AWAIT) {
                return 0;
            }
        }
    }

    @Test
    void processAllocHonoursEveryAfterTimesAndScope() {
        Puppet p = k.puppet();
        Puppet q = k.puppet();
        p.getpid();
        q.getpid();

        k.faults().prepare("process-alloc").forPids(p.pid()).every(3).on();
        assertEquals(List.of(false, false, true, false, false, true), forks(p, 6), "every 3rd");
        assertEquals(List.of(false, false), forks(q, 2), "q is out of scope");
        Faults.State s = k.faults().state("process-alloc");
        assertEquals(8, s.hits(), "hits count every fork, in scope or not");
        assertEquals(2, s.failures());
        assertTrue(s.scoped());

        k.faults().prepare("process-alloc").forPids(p.pid()).after(2).times(2).on();
        assertEquals(List.of(false, false, true, true, false, false), forks(p, 6), "skip 2, then fail twice");
        s = k.faults().state("process-alloc");
        assertEquals(2, s.failures());
        assertEquals(0, s.timesLeft());

        Puppet c = p.fork();
        k.faults().prepare("process-alloc").forSubtree(p.pid()).on();
        assertEquals(List.of(true), forks(c, 1), "a child is in its parent's subtree");
        assertEquals(List.of(true), forks(p, 1));
        assertEquals(List.of(false), forks(q, 1), "q is not");
        AgentException e = assertThrows(AgentException.class, () -> k.spawnUnder(c.pid(), "sleeper", "1000"));
        assertEquals("ENOMEM", e.code(), "spawn under a process in scope is refused too");
        assertTrue(k.spawnUnder(q.pid(), "sleeper", "1") > 0);

        k.faults().prepare("process-alloc").forPids(p.pid()).probability(0.5).seed(1234).on();
        List<Boolean> first = forks(p, 24);
        k.faults().prepare("process-alloc").forPids(p.pid()).probability(0.5).seed(1234).on();
        List<Boolean> again = forks(p, 24);
        assertEquals(first, again, "the same seed fails the same forks");
        long n = first.stream().filter(b -> b).count();
        assertTrue(n >= 4 && n <= 20, "about half of 24 forks fail: " + n);
        k.faults().clear();
        assertEquals(0, c.exit(0));
        drain(p);
        drain(q);
        killAll(p, q);
    }

    // ------------------------------------------------------------------ kill-at-syscall

    @Test
    void killAtSyscallKillsTheChosenProcessAtItsNthCall() {
        Puppet p = k.puppet();
        Puppet q = k.puppet();
        p.getpid();
        q.getpid();
        /* a puppet command is the command's own system call, then puppet_next to report: getpid is 2 calls */
        k.faults().killAtSyscall(p.pid(), 3);
        assertEquals(p.pid(), p.getpid(), "calls 1 (getpid) and 2 (puppet_next)");
        assertEquals(q.pid(), q.getpid(), "other processes are out of scope");
        PuppetReply r = p.command("getpid");
        assertTrue(r.path("exited").asBoolean(), "call 3 kills it: " + r);
        assertEquals(ExitCodes.INJECTED_KILL, r.path("code").asLong(), "an injected death has its own code");
        Faults.State s = k.faults().state("kill-at-syscall");
        assertEquals(1, s.failures());
        assertTrue(vm.console().contains("fault injection: pid " + p.pid() + " killed at system call " + Syscall.GETPID),
                vm.console(5));

        Puppet x = k.puppet();
        x.getpid();
        k.faults().killAtSyscall(x.pid(), 2, Syscall.MEMFLAG);
        assertEquals(x.pid(), x.getpid());
        assertTrue(x.memflag(MAP_AT, 4096, MemFlags.PRESENT) > 0, "the first memflag goes through");
        assertEquals(x.pid(), x.getpid(), "other calls do not count");
        PuppetReply dead = x.command("memflag " + MAP_AT + " 4096 0");
        assertTrue(dead.path("exited").asBoolean(), "the second memflag kills it: " + dead);
        assertEquals(2, k.faults().state("kill-at-syscall").hits(), "only memflags are hits");
        killAll(q);
    }

    // ------------------------------------------------------------------ pipes

    @Test
    void pipeTruncateAndDropShowInWhatTheReaderReceives() throws Exception {
        Puppet w = k.puppet();
        int[] ends = w.pipe();
        Puppet r = w.fork();

        k.faults().prepare("pipe-truncate").forPids(w.pid()).parameter(3).times(1).on();
        CompletableFuture<PuppetReply> read = r.readAsync(ends[0], 100);
        waitFor(() -> "WAITS4PIPE".equals(info(r.pid()).state()), "the reader waits");
        assertEquals(3, w.write(ends[1], "hello-world"), "the writer learns only 3 bytes went");
        assertEquals("hel", read.get(10, TimeUnit.SECONDS).path("result").path("data").asText());
        CompletableFuture<PuppetReply> again = r.readAsync(ends[0], 100);
        waitFor(() -> "WAITS4PIPE".equals(info(r.pid()).state()), "the reader waits");
        assertEquals(5, w.write(ends[1], "again"), "times(1): the next write is whole");
        assertEquals("again", again.get(10, TimeUnit.SECONDS).path("result").path("data").asText());
        assertEquals(1, k.faults().state("pipe-truncate").failures());

        k.faults().prepare("pipe-drop").forPids(w.pid()).times(1).on();
        CompletableFuture<PuppetReply> read2 = r.readAsync(ends[0], 100);
        waitFor(() -> "WAITS4PIPE".equals(info(r.pid()).state()), "the reader waits");
        assertEquals(7, w.write(ends[1], "dropped"), "the writer is told all went well");
        Thread.sleep(300);
        assertFalse(read2.isDone(), "the reader got nothing");
        assertEquals("WAITS4PIPE", info(r.pid()).state());
        assertEquals(6, w.write(ends[1], "second"));
        assertEquals("second", read2.get(10, TimeUnit.SECONDS).path("result").path("data").asText());
        Faults.State s = k.faults().state("pipe-drop");
        assertEquals(2, s.hits());
        assertEquals(1, s.failures());

        /* the writer arrives second: the dropped write leaves the reader queued, the writer returns */
        k.faults().prepare("pipe-drop").forPids(w.pid()).every(2).on();
        CompletableFuture<PuppetReply> w1 = w.writeAsync(ends[1], "one");
        assertEquals("one", r.read(ends[0], 100), "1st write delivered");
        w1.get(10, TimeUnit.SECONDS);
        CompletableFuture<PuppetReply> read3 = r.readAsync(ends[0], 100);
        waitFor(() -> "WAITS4PIPE".equals(info(r.pid()).state()), "the reader waits");
        assertEquals(3, w.write(ends[1], "two"), "2nd write dropped");
        assertEquals(5, w.write(ends[1], "three"), "3rd delivered");
        assertEquals("three", read3.get(10, TimeUnit.SECONDS).path("result").path("data").asText());
        k.faults().clear();
        killAll(w);
    }

    // ------------------------------------------------------------------ ticks

    @Test
    void tickSkipAndDelayShowInTheKernelsTicks() throws Exception {
        Faults.Ticks t0 = k.faults().ticks();
        k.faults().prepare("tick-skip").every(2).times(50).on();
        waitFor(() -> k.faults().state("tick-skip").timesLeft() == 0, "50 ticks skipped");
        Faults.Ticks t1 = k.faults().ticks();
        assertEquals(50, t1.skipped() - t0.skipped(), "times(50)");
        Faults.State s = k.faults().state("tick-skip");
        assertEquals(50, s.failures());
        assertTrue(s.hits() >= 99, "every 2nd tick: at least 99 ticks for 50 failures: " + s);

        k.faults().clear();
        k.faults().prepare("tick-delay").parameter(200).times(1).on();
        waitFor(() -> k.faults().ticks().lag() >= 20, "the kernel stops processing ticks for 200 of them");
        waitFor(() -> k.faults().ticks().lag() <= 2, "the kernel catches up");
        assertEquals(1, k.faults().state("tick-delay").failures());
    }

    @Test
    void aTickPointScopedToAProcessFailsOnlyTheTicksThatInterruptIt() throws Exception {
        assertEquals("round-robin", k.sched().use("round-robin"));
        int a = k.spawn("spin", "0", "q");
        int b = k.spawn("spin", "0", "q");
        try {
            Thread.sleep(300);
            /* the ticks that interrupt a are skipped, so nothing preempts it: it keeps the CPU */
            k.faults().prepare("tick-skip").forPids(a).on();
            Thread.sleep(300);
            long[] before = k.sched().cpu(a, b);
            Thread.sleep(1500);
            long[] after = k.sched().cpu(a, b);
            long da = after[0] - before[0];
            long db = after[1] - before[1];
            Faults.State s = k.faults().state("tick-skip");
            assertTrue(s.failures() > 50, "ticks that came while " + a + " ran were skipped: " + s);
            assertTrue(da > 10 * Math.max(1, db), "the spin whose ticks are skipped is never preempted: " + da + " us vs " + db + " us");
            k.faults().clear();
            Thread.sleep(300);
            before = k.sched().cpu(a, b);
            Thread.sleep(1000);
            after = k.sched().cpu(a, b);
            assertTrue(after[1] - before[1] > 0.3 * (after[0] - before[0]), "shared again once the point is off");
        } finally {
            k.faults().clear();
            k.kill(a, 0);
            k.kill(b, 0);
            k.sched().use("seed");
        }
    }

    // ------------------------------------------------------------------ chaos

    @Test
    @Timeout(600)
    void tenThousandChaosStepsOverALiveTree() {
        Chaos.Report r = k.chaos(20261125, 10_000, "tree", "3", "2");
        System.out.println("FaultsIT: " + r);
        assertTrue(r.ok(), r.toString());
        assertEquals(10_000, r.steps());
        assertTrue(r.kills() > 1000 && r.spawns() > 1000 && r.forks() > 100 && r.filicides() > 100, r.toString());
    }

    @Test
    @Timeout(300)
    void chaosWithFramesAndProcessCreationFailingBreaksNothing() {
        Chaos.Report r = k.chaos(8, 2000, new Chaos.FaultMix(0.02, 0.1), "tree", "3", "2");
        System.out.println("FaultsIT: " + r);
        assertTrue(r.ok(), r.toString());
        assertTrue(r.injectedFailures() > 100, "the failure paths were exercised: " + r);
        assertTrue(vm.console().contains("out of memory: no frame for the page"), "processes died of it");
    }

    // ------------------------------------------------------------------ snapshots

    @Test
    void snapshotDamageRestoreGivesBackTheSameProcesses() throws Exception {
        int tree = k.spawn("tree", "2", "2");
        waitFor(() -> descendantCount(tree) == 6, "the tree is built");
        Puppet p = k.puppet();
        int[] ends = p.pipe();
        Puppet reader = p.fork();
        reader.readAsync(ends[0], 8);
        waitFor(() -> "WAITS4PIPE".equals(info(reader.pid()).state()), "the reader blocks");
        ProcessTree before = k.ps();
        vm.snapshot("faults-it");
        ProcessTree atSnapshot = k.ps();
        assertTrue(before.sameAs(atSnapshot), before.differences(atSnapshot).toString());

        k.filicide(tree);
        k.kill(tree, 0);
        k.kill(reader.pid(), 9);
        k.kill(p.pid(), 9);
        assertFalse(before.sameAs(k.ps()), "damaged");

        vm.restore("faults-it");
        assertTrue(k.ping() > 0, "the agent answers after the restore");
        ProcessTree after = k.ps();
        assertTrue(before.sameAs(after), before.differences(after) + "\nbefore:\n" + before + "\nafter:\n" + after);
        assertEquals(List.of(reader.pid()), k.handles(p.pid()).slot(ends[0]).blocked(), "the reader still waits");
        assertEquals(4, p.write(ends[1], "back"), "the restored processes work");
        assertEquals(reader.pid(), reader.getpid(), "the reader's report for the old connection was dropped; "
                + "it takes new commands");
        assertTrue(k.check().ok());
        k.filicide(tree);
        k.kill(tree, 0);
        killAll(p);
    }

    static int descendantCount(int root) {
        int n = 0;
        java.util.Set<Integer> inside = new java.util.HashSet<>(List.of(root));
        for (ProcessInfo i : k.ps()) {
            if (inside.contains(i.ppid()) && i.pid() != root) {
                inside.add(i.pid());
                n++;
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ the init panic

    @Test
    void killingInitWithChildrenPanicsAndTheSessionReportsIt() throws Exception {
        vm.snapshot("before-panic");
        int sleeper = k.spawn("sleeper", "600000");
        int child = k.spawn("sleeper", "100");
        /* init awaits; when the short sleeper dies its await returns and its next system call kills it */
        k.faults().killAtSyscall(1, 1);
        waitFor(() -> session.panic() != null, "the kernel panics");
        PanicReport report = vm.panicReport();
        assertNotNull(report);
        assertEquals("init killed prematurely (it still has children)", report.message());
        assertNotNull(report.currentProcess(), report.toString());
        assertTrue(report.currentProcess().startsWith("pid 1 (init)"), report.toString());
        assertTrue(report.currentProcess().contains("in a system call"), report.toString());
        assertTrue(report.console().contains("its registers: rip=0x"), report.toString());
        assertNotNull(report.registers(), report.toString());
        assertEquals(0, report.registers().cpl(), "the CPU stopped in the kernel");
        assertTrue(report.registers().rip() > 0x10_0000L && report.registers().rip() < 0x4000_0000L,
                "rip in the kernel image: " + report.registers());
        assertTrue(report.toString().contains("CPU registers at the panic"), report.toString());
        assertEquals("guest-panicked", vm.status());
        IllegalStateException refused = assertThrows(IllegalStateException.class, k::ping);
        assertTrue(refused.getMessage().contains("init killed prematurely"), refused.getMessage());
        assertTrue(vm.console().contains("fault injection: pid 1 killed at system call"), vm.console(12));

        vm.restore("before-panic");
        assertNull(vm.panic(), "the restored machine has not panicked");
        assertEquals("running", vm.status());
        assertTrue(k.check().ok());
        assertFalse(k.ps().pid(sleeper).isPresent() || k.ps().pid(child).isPresent(), "back to before the spawns");
    }

    @Test
    void aForcedKillOfInitFromTheAgentPanicsWithNoCurrentProcess() throws Exception {
        vm.snapshot("before-forced-panic");
        k.spawn("sleeper", "600000");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> k.kill(1, 0, true),
                "the request never gets an answer: the kernel is gone");
        assertTrue(e.getMessage().contains("kernel panic"), e.getMessage());
        PanicReport report = vm.panicReport();
        assertEquals("init killed prematurely (it still has children)", report.message());
        assertTrue(report.currentProcess().startsWith("none"), report.toString());
        assertNotNull(report.registers(), report.toString());
        vm.restore("before-forced-panic");
        assertTrue(k.check().ok());
    }
}
