package oolong.api.sched.vm;

import static oolong.api.sched.vm.Opcodes.*;

/**
 * The interpreter's int and long arithmetic, with Java's results exactly: wrap-around, shifts
 * masked to 31 or 63, and MIN_VALUE / -1 = MIN_VALUE (computed as a negation, because the
 * kernel's native division traps on it). Division by zero is a {@link PolicyFault} instead of
 * Java's ArithmeticException, checked before dividing: natively it would be a CPU exception in
 * the kernel.
 */
final class IntegerOps {
    private IntegerOps() {
    }

    /** iadd .. ixor (the verifier proved both operands ints). */
    static int intOp(int op, int a, int b, PolicyInterpreter vm, int mi, int pc) {
        switch (op) {
            case IADD:
                return a + b;
            case ISUB:
                return a - b;
            case IMUL:
                return a * b;
            case IDIV:
                if (b == 0) {
                    throw vm.fault(mi, pc, "divides by zero");
                }
                return b == -1 ? -a : a / b;
            case IREM:
                if (b == 0) {
                    throw vm.fault(mi, pc, "divides by zero");
                }
                return b == -1 ? 0 : a % b;
            case ISHL:
                return a << (b & 31);
            case ISHR:
                return a >> (b & 31);
            case IUSHR:
                return a >>> (b & 31);
            case IAND:
                return a & b;
            case IOR:
                return a | b;
            default:
                return a ^ b;
        }
    }

    /** ladd .. lxor except the shifts (the verifier proved both operands longs). */
    static long longOp(int op, long a, long b, PolicyInterpreter vm, int mi, int pc) {
        switch (op) {
            case LADD:
                return a + b;
            case LSUB:
                return a - b;
            case LMUL:
                return a * b;
            case LDIV:
                if (b == 0) {
                    throw vm.fault(mi, pc, "divides by zero");
                }
                return b == -1 ? -a : a / b;
            case LREM:
                if (b == 0) {
                    throw vm.fault(mi, pc, "divides by zero");
                }
                return b == -1 ? 0 : a % b;
            case LAND:
                return a & b;
            case LOR:
                return a | b;
            default:
                return a ^ b;
        }
    }

    /**
     * Math.floorDiv on longs; the helpers' int forms give the same results computed in long and
     * narrowed (including floorDiv(MIN_VALUE, -1), which wraps in both).
     */
    static long floorDiv(long a, long b, PolicyInterpreter vm, int mi, int pc) {
        if (b == 0) {
            throw vm.fault(mi, pc, "divides by zero");
        }
        long d = b == -1 ? -a : a / b;
        if ((a ^ b) < 0 && d * b != a) {
            d--;
        }
        return d;
    }
}
