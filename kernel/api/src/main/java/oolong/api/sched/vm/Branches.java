package oolong.api.sched.vm;

import static oolong.api.sched.vm.Opcodes.*;

/**
 * The interpreter's conditional branches: whether an if* instruction jumps. References compare
 * as the numbers that stand for them ({@link PolicyInterpreter}), so if_acmp is if_icmp on slots.
 * The target itself comes from {@link Bytecode#branchTarget}, which the verifier checked.
 */
final class Branches {
    private Branches() {
    }

    /** ifeq .. ifle: an int against zero. */
    static boolean ifZero(int op, int a) {
        switch (op) {
            case IFEQ:
                return a == 0;
            case IFNE:
                return a != 0;
            case IFLT:
                return a < 0;
            case IFGE:
                return a >= 0;
            case IFGT:
                return a > 0;
            default:
                return a <= 0;
        }
    }

    /** if_icmpeq .. if_icmple, if_acmpeq, if_acmpne: two slots against each other. */
    static boolean ifCompare(int op, long a, long b) {
        switch (op) {
            case IF_ICMPEQ, IF_ACMPEQ:
                return a == b;
            case IF_ICMPNE, IF_ACMPNE:
                return a != b;
            case IF_ICMPLT:
                return a < b;
            case IF_ICMPGE:
                return a >= b;
            case IF_ICMPGT:
                return a > b;
            default:
                return a <= b;
        }
    }
}
