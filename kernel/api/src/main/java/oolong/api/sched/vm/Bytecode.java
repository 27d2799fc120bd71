package oolong.api.sched.vm;

/**
 * The instruction decoder shared by the verifier and the interpreter: how long an instruction
 * is, and where its operands sit (JVMS 6.5). One copy, so the two can never disagree on where
 * an instruction ends or what a switch's table says — the interpreter trusts exactly the
 * layout the verifier checked.
 *
 * Static methods without state or a static initialiser: the kernel's interpreter calls them on
 * every branch and switch, and the ahead-of-time compiler inlines them there.
 */
final class Bytecode {
    private Bytecode() {
    }

    static int u1(byte[] c, int p) {
        return c[p] & 0xFF;
    }

    static int u2(byte[] c, int p) {
        return ((c[p] & 0xFF) << 8) | (c[p + 1] & 0xFF);
    }

    static int s4(byte[] c, int p) {
        return ((c[p] & 0xFF) << 24) | ((c[p + 1] & 0xFF) << 16) | ((c[p + 2] & 0xFF) << 8) | (c[p + 3] & 0xFF);
    }

    /** The target of the two-byte branch (if*, goto) at pc. */
    static int branchTarget(byte[] c, int pc) {
        return pc + (short) u2(c, pc + 1);
    }

    /** The target of goto_w at pc. */
    static int wideBranchTarget(byte[] c, int pc) {
        return pc + s4(c, pc + 1);
    }

    // A switch's operands start after 0-3 bytes of padding, at the next multiple of four;
    // the default offset comes first. tableswitch: low, high, then high-low+1 offsets;
    // lookupswitch: the number of pairs, then (key, offset) pairs, keys ascending.

    /** Where the operands of the switch at pc start (its default offset). */
    static int switchOperands(int pc) {
        return (pc + 4) & ~3;
    }

    static int switchDefault(byte[] c, int operands) {
        return s4(c, operands);
    }

    static int tableLow(byte[] c, int operands) {
        return s4(c, operands + 4);
    }

    static int tableHigh(byte[] c, int operands) {
        return s4(c, operands + 8);
    }

    /** The offset of the tableswitch case low + i. */
    static int tableOffset(byte[] c, int operands, int i) {
        return s4(c, operands + 12 + 4 * i);
    }

    static int lookupPairs(byte[] c, int operands) {
        return s4(c, operands + 4);
    }

    static int lookupKey(byte[] c, int operands, int i) {
        return s4(c, operands + 8 + 8 * i);
    }

    static int lookupOffset(byte[] c, int operands, int i) {
        return s4(c, operands + 12 + 8 * i);
    }

    /**
     * Length in bytes of the instruction at pc, or Integer.MAX_VALUE if it cannot fit in the
     * code (a switch whose table is truncated or claims more entries than the code could hold).
     * Any opcode gets a length, allowed or not; {@link InstructionSet} decides what is allowed.
     */
    static int length(byte[] code, int pc) {
        int op = code[pc] & 0xFF;
        switch (op) {
            case 0x10, 0x12, 0x15, 0x16, 0x19, 0x36, 0x37, 0x3a:
                return 2;
            case 0x11, 0x13, 0x14, 0x84, 0xb6, 0xb7, 0xb8, 0xa7:
                return 3;
            case 0xb9, 0xc8:
                return 5;
            case Opcodes.TABLESWITCH: {
                int p = switchOperands(pc);
                if (p + 12 > code.length) {
                    return Integer.MAX_VALUE;
                }
                long n = (long) tableHigh(code, p) - tableLow(code, p) + 1;
                if (n < 1 || n > PolicyVerifier.MAX_CODE) {
                    return Integer.MAX_VALUE;
                }
                return (int) (p + 12 + 4 * n - pc);
            }
            case Opcodes.LOOKUPSWITCH: {
                int p = switchOperands(pc);
                if (p + 8 > code.length) {
                    return Integer.MAX_VALUE;
                }
                long n = lookupPairs(code, p);
                if (n < 0 || n > PolicyVerifier.MAX_CODE) {
                    return Integer.MAX_VALUE;
                }
                return (int) (p + 8 + 8 * n - pc);
            }
            case Opcodes.WIDE: {
                if (pc + 1 >= code.length) {
                    return Integer.MAX_VALUE;
                }
                return (code[pc + 1] & 0xFF) == Opcodes.IINC ? 6 : 4;
            }
            default:
                if (op >= 0x99 && op <= 0xa6) {
                    return 3;
                }
                return 1;
        }
    }
}
