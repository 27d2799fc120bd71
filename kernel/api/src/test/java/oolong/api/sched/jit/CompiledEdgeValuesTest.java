package oolong.api.sched.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import oolong.api.sched.Policy;
import oolong.api.sched.vm.ClassBytes;
import oolong.api.sched.vm.PolicyFault;
import oolong.api.sched.vm.PolicyInterpreter;
import oolong.api.sched.vm.PolicyVerifier;
import oolong.api.sched.vm.SnapshotQueue;
import oolong.api.sched.vm.VerifiedPolicy;
import org.junit.jupiter.api.Test;

/**
 * The corners of arithmetic, three ways: MIN_VALUE / -1 and % -1 for ints and longs, floorDiv and
 * floorMod with every sign, shift counts above 31 and 63 (and negative ones), narrowing, and
 * division by zero, which faults with the interpreter's message after the same instructions.
 */
class CompiledEdgeValuesTest {
    static final long[] INTS = {Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -65, -64, -33, -32, -31, -2, -1, 0, 1, 2,
        7, 31, 32, 33, 63, 64, 65, 255, 256, 65535, 65536, Integer.MAX_VALUE - 1, Integer.MAX_VALUE};
    static final long[] LONGS = {Long.MIN_VALUE, Long.MIN_VALUE + 1, Integer.MIN_VALUE, -4_000_000_000L, -7, -1, 0, 1,
        3, Integer.MAX_VALUE, 1L << 40, Long.MAX_VALUE - 1, Long.MAX_VALUE};

    /** Every pair of values, as (global slot, value) settings. */
    private static List<long[]> pairs(long[] xs, long[] ys, int slotX, int slotY, long[] counts) {
        List<long[]> out = new ArrayList<>();
        for (long x : xs) {
            for (long y : ys) {
                for (long s : counts) {
                    out.add(new long[] {slotX, x, slotY, y, 1, s});
                }
            }
        }
        return out;
    }

    private static String run(Policy p, SnapshotQueue q) {
        try {
            return "returned " + p.pick(q) + " " + q.state();
        } catch (PolicyFault f) {
            return f.getMessage();
        }
    }

    /** Runs the policy three ways once per setting (each sets globals); the outcome and the state must agree. */
    private static int agree(Class<? extends Policy> c, List<long[]> settings) throws Exception {
        VerifiedPolicy v = PolicyVerifier.verify(ClassBytes.of(c));
        CompiledPolicy compiled = HarnessCode.policy(v);
        PolicyInterpreter interpreted = new PolicyInterpreter(v);
        Policy jvm = c.getDeclaredConstructor().newInstance();
        int faults = 0;
        try {
            for (long[] s : settings) {
                SnapshotQueue[] qs = {new SnapshotQueue(5, 16), new SnapshotQueue(5, 16), new SnapshotQueue(5, 16)};
                for (SnapshotQueue q : qs) {
                    q.beginDecision();
                    for (int i = 0; i < s.length; i += 2) {
                        q.setGlobal((int) s[i], s[i + 1]);
                    }
                }
                String where = c.getSimpleName() + " with globals " + java.util.Arrays.toString(s);
                String expected;
                try {
                    expected = "returned " + jvm.pick(qs[0]) + " " + qs[0].state();
                } catch (ArithmeticException e) {
                    expected = "divides by zero";
                    faults++;
                }
                String i = run(interpreted, qs[1]);
                String n = run(compiled, qs[2]);
                assertEquals(expected, i.endsWith("divides by zero") ? "divides by zero" : i, where + ": interpreted");
                assertEquals(i, n, where + ": compiled against interpreted");
                assertEquals(interpreted.lastInstructions(), compiled.lastInstructions(), where + ": instructions");
            }
        } finally {
            compiled.release();
        }
        return faults;
    }

    @Test
    void intCornersAgree() throws Exception {
        assertEquals(0, agree(EdgePolicies.IntEdges.class, pairs(INTS, INTS, 0, 1, new long[] {0})));
    }

    @Test
    void longCornersAndShiftCountsAgree() throws Exception {
        assertEquals(0, agree(EdgePolicies.LongEdges.class, pairs(LONGS, LONGS, 2, 3, new long[] {-1, 0, 1, 31, 32, 63, 64, 65, 127})));
    }

    @Test
    void divisionByZeroFaultsAsInterpreted() throws Exception {
        /* b + 1 == 0, lb == 0, b == 0: each of the three divisions faults once; the rest divide */
        List<long[]> settings = new ArrayList<>();
        for (long[] bs : new long[][] {{-1, 5}, {3, 0}, {0, 5}, {Integer.MIN_VALUE, -1}, {-2, Long.MIN_VALUE}}) {
            settings.add(new long[] {1, bs[0], 3, bs[1]});
        }
        assertEquals(3, agree(EdgePolicies.DividesByGlobal.class, settings));
    }
}
