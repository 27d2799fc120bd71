package oolong.api.sched.vm;

/**
 * The interpreter's calls to the pure helpers of Math, Integer and Long, by the id the verifier
 * resolved ({@link CallTargets#HELPERS}), with the JDK's results. floorDiv and floorMod are
 * computed here ({@link IntegerOps#floorDiv}) so that a zero divisor is a {@link PolicyFault}
 * rather than a trap in the kernel.
 */
final class HelperCalls {
    private HelperCalls() {
    }

    /** Calls helper `id` with its arguments on top of the stack; returns the new stack pointer. */
    static int call(int id, long[] s, int sp, PolicyInterpreter vm, int mi, int pc) {
        switch (id) {
            case 0 -> {
                s[sp - 2] = Math.max((int) s[sp - 2], (int) s[sp - 1]);
                return sp - 1;
            }
            case 1 -> {
                s[sp - 4] = Math.max(s[sp - 4], s[sp - 2]);
                return sp - 2;
            }
            case 2 -> {
                s[sp - 2] = Math.min((int) s[sp - 2], (int) s[sp - 1]);
                return sp - 1;
            }
            case 3 -> {
                s[sp - 4] = Math.min(s[sp - 4], s[sp - 2]);
                return sp - 2;
            }
            case 4 -> {
                int a = (int) s[sp - 1];
                s[sp - 1] = a < 0 ? -a : a;
                return sp;
            }
            case 5 -> {
                long a = s[sp - 2];
                s[sp - 2] = a < 0 ? -a : a;
                return sp;
            }
            case 6, 8 -> {
                long a = (int) s[sp - 2];
                long b = (int) s[sp - 1];
                long d = IntegerOps.floorDiv(a, b, vm, mi, pc);
                s[sp - 2] = (int) (id == 8 ? d : a - d * b);
                return sp - 1;
            }
            case 7, 9 -> {
                long a = s[sp - 4];
                long b = s[sp - 2];
                long d = IntegerOps.floorDiv(a, b, vm, mi, pc);
                s[sp - 4] = id == 9 ? d : a - d * b;
                return sp - 2;
            }
            case 10 -> {
                s[sp - 2] = Integer.compare((int) s[sp - 2], (int) s[sp - 1]);
                return sp - 1;
            }
            case 11 -> {
                s[sp - 4] = Long.compare(s[sp - 4], s[sp - 2]);
                return sp - 3;
            }
            case 12 -> {
                s[sp - 1] = Integer.signum((int) s[sp - 1]);
                return sp;
            }
            case 13 -> {
                s[sp - 2] = Long.signum(s[sp - 2]);
                return sp - 1;
            }
            case 14 -> {
                s[sp - 1] = Integer.bitCount((int) s[sp - 1]);
                return sp;
            }
            case 15 -> {
                s[sp - 2] = Long.bitCount(s[sp - 2]);
                return sp - 1;
            }
            case 16, 17 -> {
                long a = s[sp - 3];
                long b = (int) s[sp - 1];
                long d = IntegerOps.floorDiv(a, b, vm, mi, pc);
                if (id == 16) {
                    s[sp - 3] = (int) (a - d * b);
                    return sp - 2;
                }
                s[sp - 3] = d;
                return sp - 1;
            }
            default -> throw vm.fault(mi, pc, "called an unknown helper");
        }
    }
}
