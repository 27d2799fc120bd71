package oolong.api.sched.vm;

import static oolong.api.sched.vm.Opcodes.*;

/**
 * Which JVM instructions a policy may use, why each other one is refused, and which family an
 * allowed one belongs to. The families are how the verifier's type steps and the interpreter are
 * split into parts; a later consumer of verified code (a compiler, a verifier for another
 * interface) can dispatch on the same families.
 */
final class InstructionSet {
    /** nop, constants, loads and stores of locals, iinc and wide: {@link LocalTypes}. */
    static final int CONSTANTS_AND_LOCALS = 1;
    /** pop, dup and swap: {@link StackTypes}. */
    static final int STACK = 2;
    /** int and long arithmetic, shifts, conversions and lcmp: {@link ArithmeticTypes}. */
    static final int ARITHMETIC = 3;
    /** conditional branches, goto, tableswitch and lookupswitch: {@link BranchTypes}. */
    static final int BRANCHES = 4;
    /** invokes and returns: {@link CallTypes}. */
    static final int CALLS_AND_RETURNS = 5;
    /** Anything else: refused. */
    static final int NONE = 0;

    private InstructionSet() {
    }

    /** The family of an allowed opcode, or {@link #NONE}. */
    static int family(int op) {
        if (op == NOP || (op >= ICONST_M1 && op <= LCONST_1) || (op >= BIPUSH && op <= LLOAD) || op == ALOAD
                || (op >= ILOAD_0 && op <= LLOAD_3) || (op >= ALOAD_0 && op <= ALOAD_3) || op == ISTORE
                || op == LSTORE || op == ASTORE || (op >= ISTORE_0 && op <= LSTORE_3)
                || (op >= ASTORE_0 && op <= ASTORE_3) || op == IINC || op == WIDE) {
            return CONSTANTS_AND_LOCALS;
        }
        if (op >= POP && op <= SWAP) {
            return STACK;
        }
        if ((op >= IADD && op <= LXOR && forbidden(op) == null) || op == I2L || op == L2I
                || (op >= I2B && op <= LCMP)) {
            return ARITHMETIC;
        }
        if ((op >= IFEQ && op <= GOTO) || op == TABLESWITCH || op == LOOKUPSWITCH || op == GOTO_W) {
            return BRANCHES;
        }
        if (op == IRETURN || op == LRETURN || op == RETURN || (op >= INVOKEVIRTUAL && op <= INVOKEINTERFACE)) {
            return CALLS_AND_RETURNS;
        }
        return NONE;
    }

    /** The only instructions wide may widen: loads and stores of int, long and reference locals, and iinc. */
    static boolean widens(int inner) {
        return inner == ILOAD || inner == LLOAD || inner == ALOAD || inner == ISTORE || inner == LSTORE
                || inner == ASTORE || inner == IINC;
    }

    /** Why a JVM opcode is not allowed in a policy, or null if it is allowed. */
    static String forbidden(int op) {
        if (op == 0x00 || (op >= 0x02 && op <= 0x0a) || op == 0x10 || op == 0x11 || (op >= 0x12 && op <= 0x14)) {
            return null;
        }
        if (op == ACONST_NULL) {
            return "uses null (aconst_null)";
        }
        if ((op >= 0x0b && op <= 0x0f) || op == 0x17 || op == 0x18 || (op >= 0x22 && op <= 0x29) || op == 0x38
                || op == 0x39 || (op >= 0x43 && op <= 0x4a) || op == 0x62 || op == 0x63 || op == 0x66 || op == 0x67
                || op == 0x6a || op == 0x6b || op == 0x6e || op == 0x6f || op == 0x72 || op == 0x73 || op == 0x76
                || op == 0x77 || op == 0x86 || op == 0x87 || (op >= 0x89 && op <= 0x90) || (op >= 0x95 && op <= 0x98)
                || op == 0xae || op == 0xaf) {
            return "uses floating point (policies compute with int and long)";
        }
        if ((op >= 0x2e && op <= 0x35) || (op >= 0x4f && op <= 0x56) || op == 0xbe) {
            return "uses an array (policies have no arrays; per-process values go in q.scratch)";
        }
        if (op == 0xbb) {
            return "creates an object with 'new' (policies may not allocate)";
        }
        if (op == 0xbc || op == 0xbd || op == 0xc5) {
            return "allocates an array (policies may not allocate)";
        }
        if (op >= 0xb2 && op <= 0xb5) {
            return "reads or writes a field (policies keep state in q.scratch and q.global)";
        }
        if (op == 0xc2 || op == 0xc3) {
            return "uses a monitor (synchronized); policies run without locks";
        }
        if (op == 0xbf) {
            return "throws an exception (policies return a choice; the kernel treats a throw as a fault)";
        }
        if (op == 0xba) {
            return "uses invokedynamic (a lambda, a method reference or string concatenation), which policies cannot";
        }
        if (op == 0xc0 || op == 0xc1) {
            return "uses a cast or instanceof on an object";
        }
        if (op == 0xa8 || op == 0xa9 || op == 0xc9) {
            return "uses jsr/ret subroutines";
        }
        if (op == 0xb0) {
            return "returns an object";
        }
        if (op == 0xc6 || op == 0xc7) {
            return "compares an object with null";
        }
        if (op > 0xc9) {
            return "uses an undefined opcode " + op;
        }
        return null;
    }
}
