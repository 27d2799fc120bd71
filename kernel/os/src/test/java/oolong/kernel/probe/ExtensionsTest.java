package oolong.kernel.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import oolong.api.Errno;
import oolong.api.Syscall;
import oolong.api.probe.Event;
import oolong.api.probe.Hooks;
import oolong.api.probe.Maps;
import oolong.api.probe.Patch;
import oolong.api.probe.Probe;
import oolong.api.sched.vm.ClassBytes;
import oolong.api.sched.vm.ExtensionKind;
import oolong.api.sched.vm.GoodProbes;
import oolong.api.sched.vm.HostileExtensions;
import oolong.api.sched.vm.PolicyRejected;
import org.junit.jupiter.api.Test;

/**
 * The hook registry on the host: attaching, the order at a hook, and the hook-level half of the
 * hostile corpus (illegal values, patches on hooks that cannot be patched, budgets, the CPU bound,
 * attach and detach in a loop without a leak). The VM-level half is kernel/api's ExtensionCorpusTest.
 */
class ExtensionsTest {
    final long[] time = {0};
    /** Each clock read advances the clock by this much (tests of the CPU bound raise it). */
    long step = 100;
    final Extensions x = new Extensions(() -> time[0] += step);
    final List<String> notices = new ArrayList<>();

    ExtensionsTest() {
        x.setListener((e, reason) -> notices.add(e.name + "@" + e.hookName() + ": " + reason));
    }

    Extension attach(String hook, Class<?> c) {
        ExtensionKind kind = Probe.class.isAssignableFrom(c) ? ExtensionKind.PROBE : ExtensionKind.PATCH;
        return x.attach(hook, kind, ClassBytes.of(c), Extensions.DEFAULT_BUDGET, 64);
    }

    long getpid(int pid) {
        return x.fire(Hooks.SYSCALL_ENTER, pid, Syscall.GETPID, 0, 0, 0, 0, 0);
    }

    @Test
    void aProbeCountsAndTheHookIsArmedOnlyWhileAttached() {
        assertEquals(0, x.armed);
        Extension e = attach("syscall:enter", GoodProbes.CountByPid.class);
        assertEquals(Extensions.bit(Hooks.SYSCALL_ENTER), x.armed);
        for (int i = 0; i < 7; i++) {
            assertEquals(Patch.PASS, getpid(3));
        }
        getpid(4);
        assertEquals(8, e.hits());
        assertEquals(7, e.maps.get(0, 3));
        assertEquals(1, e.maps.get(0, 4));
        assertTrue(e.nanos() > 0 && e.instructions() > 0);
        assertTrue(x.detach(e.id));
        assertEquals(0, x.armed);
        assertFalse(x.detach(e.id));
        assertTrue(notices.isEmpty(), "a detach the user asked for is no notice: " + notices);
    }

    @Test
    void aPatchDecidesForOnePidOnly() {
        attach("syscall:enter", GoodProbes.NoGetpidForOdd.class);
        assertEquals(-Errno.ENOSYS, getpid(7));
        assertEquals(Patch.PASS, getpid(8));
        assertEquals(Patch.PASS, x.fire(Hooks.SYSCALL_ENTER, 7, Syscall.GETPPID, 0, 0, 0, 0, 0));
    }

    /** Three patches and a probe on one hook: the probe first, then the patches in attach order until one decides. */
    public static final class Passes implements Patch {
        @Override
        public long decide(Event e, Maps m) {
            m.add(0, 0, 1);
            return PASS;
        }
    }

    public static final class Eperm implements Patch {
        @Override
        public long decide(Event e, Maps m) {
            m.put(0, 0, e.nanos());
            return -1;
        }
    }

    public static final class Enosys implements Patch {
        @Override
        public long decide(Event e, Maps m) {
            m.put(0, 0, e.nanos());
            return -38;
        }
    }

    public static final class Stamps implements Probe {
        @Override
        public void fire(Event e, Maps m) {
            m.put(0, 0, e.nanos());
        }
    }

    @Test
    void extensionsAtOneHookRunInTheDocumentedOrder() {
        Extension a = attach("syscall:enter", Passes.class);
        Extension b = attach("syscall:enter", Eperm.class);
        Extension c = attach("syscall:enter", Enosys.class);
        Extension p = attach("syscall:enter", Stamps.class);
        assertEquals(-1, getpid(5));
        assertEquals(List.of(1L, 1L, 0L, 1L), List.of(a.hits(), b.hits(), c.hits(), p.hits()));
        assertTrue(p.maps.get(0, 0) < b.maps.get(0, 0), "the probe ran before the patches");
        x.detach(b.id);
        assertEquals(-38, getpid(5));
        assertEquals(List.of(2L, 1L, 2L), List.of(a.hits(), c.hits(), p.hits()));
    }

    @Test
    void anIllegalValueDetachesThePatchAndTheKernelGoesOn() {
        Extension e = attach("syscall:exit", HostileExtensions.ReturnsABadErrno.class);
        assertEquals(Patch.PASS, x.fire(Hooks.SYSCALL_EXIT, 3, Syscall.GETPID, 3, 0));
        assertFalse(e.attached());
        assertEquals(0, x.armed);
        assertEquals(List.of("ReturnsABadErrno@syscall:exit: ReturnsABadErrno returned -5000, which syscall:exit does not allow"
                + " (legal: -errno (-1..-4095) or a result 0..2^31-1 replacing the call's result, or Patch.PASS)"), notices);
    }

    @Test
    void aFrameAllocationCanOnlyBeMadeToFail() {
        Extension e = attach("mem:frame-alloc", HostileExtensions.ReturnsAFrame.class);
        assertEquals(Patch.PASS, x.fire(Hooks.MEM_FRAME_ALLOC, 3, 100, 0, 0));
        assertFalse(e.attached());
        assertTrue(notices.get(0).contains("returned 4096, which mem:frame-alloc does not allow"), notices.toString());
    }

    @Test
    void patchesOnlyWhereAHookCanBePatched() {
        for (String hook : List.of("proc:fork", "proc:kill", "proc:reap", "proc:await", "mem:fault", "sched:switch",
                "pipe:write", "pipe:read", "tick")) {
            IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
                    () -> attach(hook, GoodProbes.EveryThird.class));
            assertEquals(hook + " cannot be patched, only probed (patchable: syscall:enter, syscall:exit, mem:frame-alloc)",
                    r.getMessage());
            x.detach(attach(hook, GoodProbes.CountByPid.class).id);
        }
        assertEquals(0, x.count());
    }

    @Test
    void unknownHooksWrongKindsAndBadLimitsAreRefused() {
        IllegalArgumentException h = assertThrows(IllegalArgumentException.class,
                () -> attach("syscall:entry", GoodProbes.CountByPid.class));
        assertTrue(h.getMessage().startsWith("no hook 'syscall:entry'; hooks: syscall:enter, syscall:exit,"), h.getMessage());
        PolicyRejected k = assertThrows(PolicyRejected.class, () -> x.attach("syscall:enter", ExtensionKind.PATCH,
                ClassBytes.of(GoodProbes.CountByPid.class), 100, 8));
        assertTrue(k.getMessage().contains("a patch implements only oolong.api.probe.Patch"), k.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.attach("tick", ExtensionKind.POLICY,
                ClassBytes.of(GoodProbes.CountByPid.class), 100, 8));
        assertThrows(IllegalArgumentException.class, () -> x.attach("tick", ExtensionKind.PROBE,
                ClassBytes.of(GoodProbes.CountByPid.class), 0, 8));
        assertThrows(IllegalArgumentException.class, () -> x.attach("tick", ExtensionKind.PROBE,
                ClassBytes.of(GoodProbes.CountByPid.class), 100, 5000));
        assertEquals(0, x.count());
        assertEquals(0, x.armed);
    }

    @Test
    void aFaultDetachesAtOnceWithTheLine() {
        Extension e = attach("tick", HostileExtensions.EndlessLoop.class);
        Extension after = attach("tick", GoodProbes.CountByPid.class);
        x.fire(Hooks.TICK, 1, 1, 0, 0);
        x.fire(Hooks.TICK, 1, 2, 0, 0);
        assertEquals(1, e.hits());
        assertEquals(2, after.hits(), "the next extension on the hook still ran");
        assertEquals(1, notices.size());
        assertTrue(notices.get(0).matches("EndlessLoop@tick: EndlessLoop.fire line \\d+ \\(bytecode \\d+\\) used up its budget of "
                + Extensions.DEFAULT_BUDGET + " instructions in one invocation \\(an endless loop\\?\\)"), notices.get(0));
    }

    @Test
    void deepRecursionAndBadIndicesFaultToo() {
        Extension r = attach("syscall:enter", HostileExtensions.DeepRecursion.class);
        Extension a = attach("mem:fault", HostileExtensions.ArgOutOfRange.class);
        Extension m = attach("pipe:read", HostileExtensions.MapOutOfRange.class);
        Extension d = attach("syscall:exit", HostileExtensions.DividesByZero.class);
        assertEquals(Patch.PASS, getpid(2));
        x.fire(Hooks.MEM_FAULT, 2, 4096, 1, 0);
        x.fire(Hooks.PIPE_READ, 2, 3, 10, 10);
        assertEquals(Patch.PASS, x.fire(Hooks.SYSCALL_EXIT, 2, Syscall.GETPID, 2, 0));
        for (Extension e : List.of(r, a, m, d)) {
            assertFalse(e.attached(), e.name);
        }
        assertEquals(4, notices.size());
        assertTrue(notices.get(0).contains("recursed deeper than 64 calls"), notices.get(0));
        assertTrue(notices.get(1).contains("arg 6 is outside 0..5"), notices.get(1));
        assertTrue(notices.get(2).contains("map 4 is outside 0..3"), notices.get(2));
        assertTrue(notices.get(3).contains("divides by zero"), notices.get(3));
        assertEquals(0, x.armed);
    }

    @Test
    void aSmallBudgetIsEnforcedPerInvocation() {
        Extension e = x.attach("tick", ExtensionKind.PROBE, ClassBytes.of(GoodProbes.Arithmetic.class), 20, 8);
        x.fire(Hooks.TICK, 1, 1, 0, 0);
        assertFalse(e.attached());
        assertTrue(notices.get(0).contains("used up its budget of 20 instructions in one invocation"), notices.get(0));
    }

    @Test
    void aFullMapCountsDropsThroughTheRegistry() {
        Extension e = x.attach("tick", ExtensionKind.PROBE, ClassBytes.of(HostileExtensions.FloodsAMap.class), 100, 4);
        for (int i = 0; i < 50; i++) {
            x.fire(Hooks.TICK, 1, i, 0, 0);
        }
        assertTrue(e.attached());
        assertEquals(4, e.maps.size(0));
        assertEquals(46, e.maps.drops(0));
    }

    @Test
    void oneHitInTimeSampleReadsTheClockAndStandsForThemAll() {
        Extension e = attach("syscall:enter", GoodProbes.CountByPid.class);
        long reads = time[0] / step;
        int hits = 4 * (int) Extensions.TIME_SAMPLE;
        for (int i = 0; i < hits; i++) {
            getpid(3);
        }
        assertEquals(hits, e.maps.get(0, 3), "every hit ran");
        assertEquals(2 * 4, time[0] / step - reads, "two clock reads for each of the 4 timed hits, none for the others");
        assertEquals(4 * Extensions.TIME_SAMPLE * step, e.nanos(), "each timed hit (one read apart: 100 ns) stands for TIME_SAMPLE");
    }

    @Test
    void extensionsCountInTheCpuBound() {
        x.setCpuPercent(50);
        Extension e = attach("tick", Stamps.class);
        step = 1_000_000;      /* three clock reads a hit (before, e.nanos(), after): 2 ms of every 3 ms in the probe */
        int fired = 0;
        while (e.attached() && fired < 10_000) {
            x.fire(Hooks.TICK, 1, fired++, 0, 0);
        }
        assertFalse(e.attached());
        assertTrue(fired > 100, "detached only once the window's share is used: " + fired);
        assertTrue(notices.get(0).contains("of the CPU over the last 1000 ms (the limit is 50%)"), notices.get(0));
    }

    @Test
    void tooManyOnOneHookIsRefused() {
        for (int i = 0; i < Extensions.MAX_PER_HOOK; i++) {
            attach("tick", GoodProbes.CountByPid.class);
        }
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
                () -> attach("tick", GoodProbes.CountByPid.class));
        assertEquals("tick already has 8 extensions attached", r.getMessage());
    }

    @Test
    void attachedAndDetachedAThousandTimesLeavesNothingBehind() {
        List<WeakReference<Extension>> refs = new ArrayList<>();
        byte[] cls = ClassBytes.of(GoodProbes.Latency.class);
        for (int i = 0; i < 1000; i++) {
            Extension e = x.attach(i % 2 == 0 ? "syscall:enter" : "syscall:exit", ExtensionKind.PROBE, cls, 500, 256);
            x.fire(e.hook, 3, Syscall.GETPID, 3, 0);
            assertEquals(1, e.hits());
            refs.add(new WeakReference<>(e));
            assertTrue(x.detach(e.id));
        }
        assertEquals(0, x.count());
        assertEquals(0, x.armed);
        for (int h = 0; h < Hooks.COUNT; h++) {
            assertEquals(0, x.attachedAt(h));
        }
        for (Extension e : x.attached()) {
            assertNull(e);
        }
        long alive = Long.MAX_VALUE;
        for (int tries = 0; tries < 20 && alive > Extensions.DETACHED_KEPT; tries++) {
            System.gc();
            alive = refs.stream().filter(r -> r.get() != null).count();
        }
        assertTrue(alive <= Extensions.DETACHED_KEPT, alive + " of 1000 detached extensions are still reachable");
    }
}
