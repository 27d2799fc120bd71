package oolong.api.sched.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import oolong.api.probe.FixedMaps;
import oolong.api.probe.Patch;
import oolong.api.probe.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The hostile corpus for probes and patches at the VM's level: what the verifier refuses, with
 * its reason, and what faults at run time, with the exact message the kernel's notice shows
 * (method, the line marked "faults here" in {@link HostileExtensions}, bytecode, what went wrong).
 */
class ExtensionCorpusTest {

    static Class<?> hostile(String name) throws ClassNotFoundException {
        return Class.forName(HostileExtensions.class.getName() + "$" + name);
    }

    static ExtensionKind kindOf(Class<?> c) {
        return Probe.class.isAssignableFrom(c) ? ExtensionKind.PROBE : ExtensionKind.PATCH;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            AllocatesArray      | probe | allocates an array
            KeepsAField         | probe | has a field 'seen'; a probe keeps no state in fields (use its maps
            CallsSystem         | probe | calls java.lang.System.nanoTime
            ConcatenatesStrings | probe | invokedynamic
            TakesARunQueue      | probe | TakesARunQueue.size: a probe has no oolong.api.sched.RunQueue
            ProbeAndPatch       | probe | implements oolong.api.probe.Patch; a probe implements only oolong.api.probe.Probe
            CatchesExceptions   | patch | catches exceptions
            CallsEventHashCode  | probe | hashCode
            """)
    void theVerifierRefuses(String name, String kind, String reason) throws Exception {
        PolicyRejected r = assertThrows(PolicyRejected.class,
                () -> PolicyVerifier.verify(ClassBytes.of(hostile(name)), ExtensionKind.named(kind)));
        assertTrue(r.getMessage().contains(reason), r.getMessage());
    }

    @Test
    void aPolicyIsNotAProbeNorAProbeAPolicy() {
        PolicyRejected a = assertThrows(PolicyRejected.class,
                () -> PolicyVerifier.verify(ClassBytes.of(GoodPolicies.Fair.class), ExtensionKind.PROBE));
        assertTrue(a.getMessage().contains("Fair implements oolong.api.sched.Policy; a probe implements only oolong.api.probe.Probe"),
                a.getMessage());
        PolicyRejected b = assertThrows(PolicyRejected.class,
                () -> PolicyVerifier.verify(ClassBytes.of(GoodProbes.CountByPid.class)));
        assertTrue(b.getMessage().contains("CountByPid implements oolong.api.probe.Probe; a policy implements only"), b.getMessage());
        PolicyRejected c = assertThrows(PolicyRejected.class,
                () -> PolicyVerifier.verify(ClassBytes.of(GoodProbes.EveryThird.class), ExtensionKind.PROBE));
        assertTrue(c.getMessage().contains("a probe implements only oolong.api.probe.Probe"), c.getMessage());
    }

    /** The line of `name` marked "faults here" in HostileExtensions.java. */
    static int markedLine(String name) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("src/test/java/oolong/api/sched/vm/HostileExtensions.java"));
        boolean inside = false;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.contains("class " + name + " ")) {
                inside = true;
            } else if (inside && l.contains("// faults here")) {
                return i + 1;
            }
        }
        throw new IllegalStateException("no line marked 'faults here' in " + name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            EndlessLoop    | fire   | used up its budget of 10000 instructions in one invocation (an endless loop?)
            DeepRecursion  | down   | recursed deeper than 64 calls
            ArgOutOfRange  | fire   | passed a bad argument to e.arg: arg 6 is outside 0..5
            MapOutOfRange  | fire   | passed a bad argument to m.add: map 4 is outside 0..3
            DividesByZero  | decide | divides by zero
            """)
    void runTimeFaultsNameTheMethodAndLine(String name, String method, String what) throws Exception {
        Class<?> c = hostile(name);
        PolicyInterpreter vm = new PolicyInterpreter(PolicyVerifier.verify(ClassBytes.of(c), kindOf(c)));
        StreamEvent e = new StreamEvent(1).next();
        PolicyFault f = assertThrows(PolicyFault.class, () -> vm.decide(e, new FixedMaps(8)));
        String expected = name + "." + method + " line " + markedLine(name) + " (bytecode ";
        assertTrue(f.getMessage().startsWith(expected) && f.getMessage().endsWith(what), f.getMessage());
    }

    @Test
    void aFullMapDropsAndCountsAndNeverGrows() {
        PolicyInterpreter vm = new PolicyInterpreter(
                PolicyVerifier.verify(ClassBytes.of(HostileExtensions.FloodsAMap.class), ExtensionKind.PROBE));
        FixedMaps maps = new FixedMaps(16);
        StreamEvent e = new StreamEvent(2);
        for (int i = 0; i < 1000; i++) {
            assertEquals(Patch.PASS, vm.decide(e.next(), maps));
        }
        assertEquals(16, maps.size(0));
        assertEquals(1000 - 16, maps.drops(0));
        assertEquals(1000, maps.get(1, 0));
        assertEquals(32, maps.slots(), "the table is what the constructor allocated");
    }

    /** The kernel runs extensions inside its hooks: an invocation, maps included, allocates nothing. */
    @Test
    void anInvocationAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (Class<?> c : new Class<?>[] {GoodProbes.Latency.class, GoodProbes.Arithmetic.class, GoodProbes.EveryThird.class}) {
            PolicyInterpreter vm = new PolicyInterpreter(PolicyVerifier.verify(ClassBytes.of(c), kindOf(c)));
            FixedMaps maps = new FixedMaps(64);
            StreamEvent e = new StreamEvent(3);
            for (int i = 0; i < 20_000; i++) {
                vm.decide(e.next(), maps);       // warm up: JIT compilation allocates too
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) {
                vm.decide(e.next(), maps);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 4096, c.getSimpleName() + " allocated " + allocated + " bytes in 10,000 invocations");
        }
    }

    @Test
    void patchesReturnTheirValueProbesPass() {
        PolicyInterpreter bad = new PolicyInterpreter(
                PolicyVerifier.verify(ClassBytes.of(HostileExtensions.ReturnsABadErrno.class), ExtensionKind.PATCH));
        assertEquals(-5000, bad.decide(new StreamEvent(1).next(), new FixedMaps(1)));
        PolicyInterpreter probe = new PolicyInterpreter(
                PolicyVerifier.verify(ClassBytes.of(GoodProbes.CountByPid.class), ExtensionKind.PROBE));
        assertEquals(Patch.PASS, probe.decide(new StreamEvent(1).next(), new FixedMaps(1)));
        assertThrows(IllegalStateException.class, () -> probe.pick(new SnapshotQueue(1, 3)));
    }
}
