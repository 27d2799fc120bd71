package oolong.api.sched.vm;

import java.util.List;
import oolong.api.sched.Policy;
import oolong.api.sched.RunQueue;

/**
 * Policies that use every part of the allowed language (long arithmetic, switches, stack
 * shuffles, recursion, helpers, slices, randomness), for the differential tests.
 */
public final class GoodPolicies {
    private GoodPolicies() {
    }

    /**
     * Each good policy with the instructions the interpreter counts for it over the whole policy
     * corpus (DifferentialHarness.POLICY_SEEDS x POLICY_STEPS decisions), as it always has: budgets
     * are counted in these, so a change to what counts as one would silently change every budget.
     * The compiled code must count the same (CompiledGoodPoliciesTest).
     */
    public static List<Object[]> pinnedInstructions() {
        return List.of(
                new Object[] {Fair.class, 8_475_966L},
                new Object[] {Switchy.class, 261_488L},
                new Object[] {Arithmetic.class, 88_545_987L},
                new Object[] {Recursive.class, 40_846_893L},
                new Object[] {Weighted.class, 9_479_800L});
    }

    /** Least CPU time first; ties go to the one that waited longest. */
    public static final class Fair implements Policy {
        @Override
        public int pick(RunQueue q) {
            int best = 0;
            for (int i = 1; i < q.size(); i++) {
                long c = q.cpuMicros(i);
                long b = q.cpuMicros(best);
                if (c < b || (c == b && q.sinceRun(i) > q.sinceRun(best))) {
                    best = i;
                }
            }
            return best;
        }
    }

    /** Switches over sizes and nice values, with slices from a lookup switch. */
    public static final class Switchy implements Policy {
        @Override
        public int pick(RunQueue q) {
            int n = q.size();
            int choice;
            switch (n % 5) {
                case 0 -> choice = 0;
                case 1 -> choice = n - 1;
                case 2 -> choice = n / 2;
                case 3 -> choice = (int) (q.now() % n);
                default -> choice = q.current() >= 0 ? q.current() : 0;
            }
            switch (q.nice(choice)) {
                case -20:
                    q.setSlice(8);
                    break;
                case 0:
                    q.setSlice(2);
                    break;
                case 1000:
                    q.setSlice(3);
                    break;
                default:
                    q.setSlice(1);
            }
            return choice;
        }
    }

    /** Long arithmetic, shifts, comparisons, casts and the helpers, folded into a score. */
    public static final class Arithmetic implements Policy {
        static final long MIX = 0x9E3779B97F4A7C15L;

        @Override
        public int pick(RunQueue q) {
            long acc = q.global(3);
            long last = 0;
            int best = 0;
            long bestScore = Long.MIN_VALUE;
            for (int i = 0; i < q.size(); i++) {
                long h = (q.pid(i) * MIX) ^ (acc >>> 7) ^ (acc << 3) ^ (q.cpuMicros(i) >> 2);
                int small = (int) h;
                long score = last = last / 3 + h + Math.floorMod(h, 1000) - Math.floorDiv(small, 7) + Long.bitCount(h)
                        + Integer.bitCount(small) + Long.signum(h) + Integer.signum(small) + Math.abs(small % 97)
                        + Math.abs(h % 1013) + (byte) small + (short) small + (char) small + Math.min(small, 5)
                        + Math.max(h, -5L) + Long.compare(h, acc) * 3 + Integer.compare(small, 0) + (small >> 3)
                        + (small >>> 29) + (small << 2) + (h / 3) + (h % 5) + (small / 7) + (small % 11) + -small
                        + (small & 0xff) + (small | 1) + (small ^ 0x55) + (h & 0xff) + (h | 1) + (h ^ 3)
                        + Math.floorMod(small, -7) + Math.floorDiv(h, -3L) + Math.floorMod(h, -1000L)
                        + Math.floorDiv(Integer.MIN_VALUE + (small & 1), -1) + Math.floorDiv(Long.MIN_VALUE + (h & 1), -1L)
                        + Math.floorMod(Integer.MIN_VALUE, -1) + Math.floorDiv(h, 1000);
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
                acc += score;
                acc *= 31;
            }
            q.setGlobal(3, acc);
            return best;
        }
    }

    /** Recursion through static and instance helpers, and a per-process counter in scratch. */
    public static final class Recursive implements Policy {
        static int gcd(int a, int b) {
            return b == 0 ? a : gcd(b, a % b);
        }

        long depthScore(RunQueue q, int i, int d) {
            return d == 0 ? q.depth(i) : 1 + depthScore(q, i, d - 1);
        }

        @Override
        public int pick(RunQueue q) {
            int best = 0;
            long bestScore = Long.MAX_VALUE;
            for (int i = 0; i < q.size(); i++) {
                long runs = q.scratch(i, 1);
                long score = runs * 10 + depthScore(q, i, 3) + gcd(q.pid(i), 12);
                if (score < bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            q.setScratch(best, 1, q.scratch(best, 1) + 1);
            return best;
        }
    }

    /** Random with weights and nice-based slices; uses dup2 and iinc in expressions. */
    public static final class Weighted implements Policy {
        @Override
        public int pick(RunQueue q) {
            long total;
            long seen = total = 0;
            for (int i = 0; i < q.size(); i++) {
                total += q.weight(i);
            }
            int ticket = q.random((int) Math.min(total, Integer.MAX_VALUE));
            int i = 0;
            while (i < q.size() - 1) {
                seen += q.weight(i++);
                if (ticket < seen) {
                    i--;
                    break;
                }
            }
            q.setSlice(1 + Math.max(0, -q.nice(i)) / 5);
            q.setGlobal(0, q.global(0) + 1);
            return i;
        }
    }
}
