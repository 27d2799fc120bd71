package oolong.api.sched.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import oolong.api.probe.FixedMaps;
import oolong.api.probe.Probe;
import oolong.api.sched.vm.ClassBytes;
import oolong.api.sched.vm.ExtensionKind;
import oolong.api.sched.vm.HostileExtensions;
import oolong.api.sched.vm.PolicyFault;
import oolong.api.sched.vm.PolicyInterpreter;
import oolong.api.sched.vm.PolicyVerifier;
import oolong.api.sched.vm.ReferenceMaps;
import oolong.api.sched.vm.StreamEvent;
import oolong.api.sched.vm.VerifiedPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hostile probe corpus compiled: every probe or patch that verifies but is aborted when run
 * (an endless loop, recursion, arg(6), map 4, a division by zero) aborts compiled with the same
 * fault — method, the line marked in HostileExtensions.java, bytecode offset, reason — after the
 * same number of instructions, at three budgets; those the kernel's hooks must catch (a flood, a
 * bad errno, a frame) return the same values and leave the same maps.
 */
class CompiledHostileExtensionsTest {
    @ParameterizedTest
    @ValueSource(strings = {"EndlessLoop", "DeepRecursion", "ArgOutOfRange", "MapOutOfRange", "DividesByZero",
        "FloodsAMap", "ReturnsABadErrno", "ReturnsAFrame"})
    void abortsAsTheInterpreterDoes(String name) throws Exception {
        Class<?> c = Class.forName(HostileExtensions.class.getName() + "$" + name);
        ExtensionKind kind = Probe.class.isAssignableFrom(c) ? ExtensionKind.PROBE : ExtensionKind.PATCH;
        VerifiedPolicy v = PolicyVerifier.verify(ClassBytes.of(c), kind);
        boolean faulted = false;
        for (long budget : new long[] {10_000, 777, 100}) {
            PolicyInterpreter interpreted = new PolicyInterpreter(v);
            interpreted.setBudget(budget);
            CompiledExtension compiled = HarnessCode.extension(v);
            compiled.setBudget(budget);
            try {
                FixedMaps mi = new FixedMaps(8);
                FixedMaps mc = new FixedMaps(8);
                StreamEvent ei = new StreamEvent(1);
                StreamEvent ec = new StreamEvent(1);
                for (int i = 0; i < 20; i++) {
                    ei.next();
                    ec.next();
                    String expected;
                    try {
                        expected = "returned " + interpreted.decide(ei, mi);
                    } catch (PolicyFault f) {
                        expected = f.getMessage();
                        faulted = true;
                    }
                    String actual;
                    try {
                        actual = "returned " + compiled.decide(ec, mc);
                    } catch (PolicyFault f) {
                        actual = f.getMessage();
                    }
                    String where = name + " at a budget of " + budget + ", event " + i;
                    assertEquals(expected, actual, where);
                    assertEquals(interpreted.lastInstructions(), compiled.lastInstructions(), where + ": instructions");
                }
                for (int m = 0; m < FixedMaps.COUNT; m++) {
                    assertEquals(ReferenceMaps.contents(mi, m), ReferenceMaps.contents(mc, m), name + " map " + m);
                    assertEquals(mi.drops(m), mc.drops(m), name + " drops " + m);
                }
            } finally {
                compiled.release();
            }
        }
        boolean shouldFault = !name.startsWith("Floods") && !name.startsWith("Returns");
        assertEquals(shouldFault, faulted, name + " faults interpreted");
        if (shouldFault) {
            String line = " line " + oolong.api.sched.vm.ExtensionCorpusTestAccess.markedLine(name) + " (bytecode ";
            CompiledExtension compiled = HarnessCode.extension(v);
            try {
                PolicyFault f = org.junit.jupiter.api.Assertions.assertThrows(PolicyFault.class,
                        () -> compiled.decide(new StreamEvent(1).next(), new FixedMaps(8)));
                assertTrue(f.getMessage().contains(line), f.getMessage() + " names the marked line");
            } finally {
                compiled.release();
            }
        }
    }
}
