package oolong.kernel.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import oolong.api.Syscall;
import oolong.api.probe.Hooks;
import oolong.api.probe.Patch;
import oolong.api.probe.Probe;
import oolong.api.sched.jit.CompiledCode;
import oolong.api.sched.jit.CompiledExtension;
import oolong.api.sched.jit.HarnessCode;
import oolong.api.sched.jit.NativeCode;
import oolong.api.sched.jit.PolicyCompiler;
import oolong.api.sched.vm.ClassBytes;
import oolong.api.sched.vm.ExtensionKind;
import oolong.api.sched.vm.GoodProbes;
import oolong.api.sched.vm.HostileExtensions;
import oolong.api.sched.vm.VerifiedPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hook registry with a compiler, the compiled code run for real in the host harness
 * (HarnessCode): an extension attaches compiled and says so, counts what the interpreted one
 * counts, and a fault in compiled code detaches it at once with the notice, line and all, that the
 * same extension gives interpreted; its code is given back when it is detached.
 */
class CompiledExtensionsTest {
    final long[] time = {0};
    final List<HarnessCode> loaded = new ArrayList<>();
    /** Compiles as the kernel's PolicyCompilation does, into harness processes it keeps track of. */
    final Extensions.Compiler harness = new Extensions.Compiler() {
        @Override
        public CompiledExtension compile(VerifiedPolicy v, long budget) {
            CompiledCode c = PolicyCompiler.compile(v);
            HarnessCode n = new HarnessCode(c);
            loaded.add(n);
            CompiledExtension e = new CompiledExtension(c, n);
            e.setBudget(budget);
            return e;
        }

        @Override
        public String note() {
            return "";
        }
    };

    @AfterEach
    void releaseEverything() {
        for (NativeCode n : loaded) {
            n.release();
        }
    }

    Extensions registry(boolean compiled, List<String> notices) {
        Extensions x = new Extensions(() -> time[0] += 100);
        x.setListener((e, reason) -> notices.add(e.name + "@" + e.hookName() + ": " + reason));
        x.setCompiler(compiled ? harness : null);
        return x;
    }

    static Extension attach(Extensions x, String hook, Class<?> c) {
        ExtensionKind kind = Probe.class.isAssignableFrom(c) ? ExtensionKind.PROBE : ExtensionKind.PATCH;
        return x.attach(hook, kind, ClassBytes.of(c), Extensions.DEFAULT_BUDGET, 64);
    }

    @Test
    void aCompiledProbeAndPatchCountAndDecideAsInterpreted() {
        List<String> notices = new ArrayList<>();
        Extensions c = registry(true, notices);
        Extensions i = registry(false, notices);
        Extension[] probes = {attach(c, "syscall:enter", GoodProbes.CountByPid.class),
            attach(i, "syscall:enter", GoodProbes.CountByPid.class)};
        attach(c, "syscall:enter", GoodProbes.NoGetpidForOdd.class);
        attach(i, "syscall:enter", GoodProbes.NoGetpidForOdd.class);
        assertTrue(probes[0].compiled() && probes[0].codeBytes() > 0 && probes[0].jitNote().isEmpty());
        assertFalse(probes[1].compiled());
        assertEquals("no compiler", probes[1].jitNote());
        for (int n = 0; n < 50; n++) {
            int pid = 1 + n % 5;
            long call = n % 3 == 0 ? Syscall.GETPID : Syscall.GETPPID;
            assertEquals(i.fire(Hooks.SYSCALL_ENTER, pid, call, 0, 0, 0, 0, 0), c.fire(Hooks.SYSCALL_ENTER, pid, call, 0, 0, 0, 0, 0),
                    "decision " + n);
        }
        for (int pid = 1; pid <= 5; pid++) {
            assertEquals(probes[1].maps.get(0, pid), probes[0].maps.get(0, pid), "pid " + pid);
        }
        assertEquals(probes[1].instructions(), probes[0].instructions());
        assertTrue(notices.isEmpty(), notices.toString());
        assertTrue(c.detach(probes[0].id));
        assertEquals(1, released(), "the detached probe's code was given back");
    }

    @Test
    void aFaultInCompiledCodeDetachesWithTheInterpretersNotice() {
        List<String> compiled = new ArrayList<>();
        List<String> interpreted = new ArrayList<>();
        for (boolean jit : new boolean[] {true, false}) {
            Extensions x = registry(jit, jit ? compiled : interpreted);
            Extension loop = attach(x, "tick", HostileExtensions.EndlessLoop.class);
            Extension next = attach(x, "tick", GoodProbes.CountByPid.class);
            Extension r = attach(x, "syscall:enter", HostileExtensions.DeepRecursion.class);
            Extension a = attach(x, "mem:fault", HostileExtensions.ArgOutOfRange.class);
            Extension m = attach(x, "pipe:read", HostileExtensions.MapOutOfRange.class);
            Extension d = attach(x, "syscall:exit", HostileExtensions.DividesByZero.class);
            Extension bad = attach(x, "syscall:exit", HostileExtensions.ReturnsABadErrno.class);
            assertEquals(jit, loop.compiled());
            x.fire(Hooks.TICK, 1, 1, 0, 0);
            x.fire(Hooks.TICK, 1, 2, 0, 0);
            assertEquals(Patch.PASS, x.fire(Hooks.SYSCALL_ENTER, 2, Syscall.GETPID, 0, 0, 0, 0, 0));
            x.fire(Hooks.MEM_FAULT, 2, 4096, 1, 0);
            x.fire(Hooks.PIPE_READ, 2, 3, 10, 10);
            assertEquals(Patch.PASS, x.fire(Hooks.SYSCALL_EXIT, 2, Syscall.GETPID, 2, 0));
            assertEquals(Patch.PASS, x.fire(Hooks.SYSCALL_EXIT, 2, Syscall.GETPID, 2, 0));
            for (Extension e : List.of(loop, r, a, m, d, bad)) {
                assertFalse(e.attached(), e.name);
            }
            assertEquals(2, next.hits(), "the next probe on the hook ran on");
            assertEquals(0, x.armed & ~Extensions.TICK_HOOK);
        }
        assertEquals(interpreted, compiled);
        assertEquals(6, compiled.size());
        assertTrue(compiled.get(0).matches("EndlessLoop@tick: EndlessLoop.fire line \\d+ \\(bytecode \\d+\\) used up its budget of "
                + Extensions.DEFAULT_BUDGET + " instructions in one invocation \\(an endless loop\\?\\)"), compiled.get(0));
        assertEquals(6, released(), "every detached extension's code was given back");
    }

    /** How many of the harness processes made so far have been given back. */
    long released() {
        return loaded.stream().filter(HarnessCode::released).count();
    }
}
