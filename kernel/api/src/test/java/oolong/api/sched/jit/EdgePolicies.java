package oolong.api.sched.jit;

import oolong.api.sched.Policy;
import oolong.api.sched.RunQueue;

/**
 * Policies that compute on the corners of int and long arithmetic: operands come from the global
 * slots (so javac cannot fold them) and every result goes to a scratch slot, where the three-way
 * comparison sees it. Needs a run queue of at least 16 processes.
 */
public final class EdgePolicies {
    private EdgePolicies() {
    }

    /** Ints: globals 0 and 1 are a and b. */
    public static final class IntEdges implements Policy {
        public int pick(RunQueue q) {
            int a = (int) q.global(0);
            int b = (int) q.global(1);
            q.setScratch(0, 0, a + b);
            q.setScratch(0, 1, a - b);
            q.setScratch(0, 2, a * b);
            q.setScratch(0, 3, a << b);
            q.setScratch(1, 0, a >> b);
            q.setScratch(1, 1, a >>> b);
            q.setScratch(1, 2, a & b | a ^ b);
            q.setScratch(1, 3, -a);
            q.setScratch(2, 0, Math.abs(a));
            q.setScratch(2, 1, Math.max(a, b) - Math.min(a, b));
            q.setScratch(2, 2, Integer.compare(a, b) * 10 + Integer.signum(a));
            q.setScratch(2, 3, Integer.bitCount(a) * 100 + Integer.bitCount(b));
            q.setScratch(3, 0, (byte) a);
            q.setScratch(3, 1, (char) a);
            q.setScratch(3, 2, (short) a);
            q.setScratch(3, 3, (long) a << 3);
            if (b != 0) {
                q.setScratch(4, 0, a / b);
                q.setScratch(4, 1, a % b);
                q.setScratch(4, 2, Math.floorDiv(a, b));
                q.setScratch(4, 3, Math.floorMod(a, b));
            }
            int c = a;
            c += b;
            c *= 3;
            c <<= b;
            q.setScratch(5, 0, c);
            q.setScratch(5, 1, a < b ? 1 : a == b ? 2 : 3);
            q.setScratch(5, 2, a > b ? 1 : a <= b ? 2 : 3);
            q.setScratch(5, 3, a >= 0 ? (a != 0 ? 1 : 2) : 3);
            return 0;
        }
    }

    /** Longs: globals 2 and 3 are a and b, global 1 an int shift count and divisor. */
    public static final class LongEdges implements Policy {
        public int pick(RunQueue q) {
            long a = q.global(2);
            long b = q.global(3);
            int s = (int) q.global(1);
            q.setScratch(6, 0, a + b);
            q.setScratch(6, 1, a - b);
            q.setScratch(6, 2, a * b);
            q.setScratch(6, 3, a << s);
            q.setScratch(7, 0, a >> s);
            q.setScratch(7, 1, a >>> s);
            q.setScratch(7, 2, a & b | a ^ b);
            q.setScratch(7, 3, -a);
            q.setScratch(8, 0, Math.abs(a));
            q.setScratch(8, 1, Math.max(a, b) - Math.min(a, b));
            q.setScratch(8, 2, Long.compare(a, b) * 10 + Long.signum(a));
            q.setScratch(8, 3, Long.bitCount(a) * 100 + Long.bitCount(b));
            q.setScratch(9, 0, (int) a);
            q.setScratch(9, 1, (byte) a + (short) b);
            q.setScratch(9, 2, a < b ? 1 : a == b ? 2 : 3);
            q.setScratch(9, 3, a > b ? 1 : a <= b ? 2 : 3);
            if (b != 0) {
                q.setScratch(10, 0, a / b);
                q.setScratch(10, 1, a % b);
                q.setScratch(10, 2, Math.floorDiv(a, b));
                q.setScratch(10, 3, Math.floorMod(a, b));
            }
            if (s != 0) {
                q.setScratch(11, 0, Math.floorDiv(a, s));
                q.setScratch(11, 1, Math.floorMod(a, s));
                q.setScratch(11, 2, a / s);
                q.setScratch(11, 3, a % s);
            }
            return 1;
        }
    }

    /** Divides by global 1: a fault when it is zero, compiled as interpreted. */
    public static final class DividesByGlobal implements Policy {
        public int pick(RunQueue q) {
            int b = (int) q.global(1);
            long lb = q.global(3);
            q.setScratch(0, 0, 100 / (b + 1));
            q.setScratch(0, 1, 100L % lb);
            q.setScratch(0, 2, Math.floorMod(7, b));
            return 0;
        }
    }
}
