package oolong.api.sched.vm;

import static oolong.api.sched.vm.Opcodes.*;
import static oolong.api.sched.vm.Types.INT;
import static oolong.api.sched.vm.Types.LONG;
import static oolong.api.sched.vm.Types.THIS;

/**
 * Type step for constants and locals: nop, iconst/lconst/bipush/sipush, ldc of int and long
 * constants (never strings, floats or classes), loads and stores of int, long and reference
 * locals, iinc, and their wide forms. A load proves the local holds what it reads; a store
 * records what the local holds from then on.
 */
final class LocalTypes {
    private LocalTypes() {
    }

    /** Applies the instruction at f.pc to f.state; these all fall through to the next one. */
    static boolean step(TypeFlow f, int op) {
        TypeState st = f.state;
        byte[] code = f.code;
        int pc = f.pc;
        switch (op) {
            case NOP -> {
            }
            case ICONST_M1, ICONST_0, ICONST_1, ICONST_2, ICONST_3, ICONST_4, ICONST_5, BIPUSH, SIPUSH -> st.push(INT);
            case LCONST_0, LCONST_1 -> st.pushType(LONG);
            case LDC, LDC_W -> {
                int idx = op == LDC ? Bytecode.u1(code, pc + 1) : Bytecode.u2(code, pc + 1);
                int tag = f.cf.tag(idx);
                if (tag == ClassFile.STRING) {
                    throw f.bad("uses a String constant (policies have no strings)");
                }
                if (tag != ClassFile.INTEGER) {
                    throw f.bad("loads a constant that is not an int");
                }
                st.push(INT);
            }
            case LDC2_W -> {
                if (f.cf.tag(Bytecode.u2(code, pc + 1)) != ClassFile.LONG) {
                    throw f.bad("loads a constant that is not a long (floating point is not allowed)");
                }
                st.pushType(LONG);
            }
            case ILOAD -> st.load(Bytecode.u1(code, pc + 1), INT);
            case LLOAD -> st.load(Bytecode.u1(code, pc + 1), LONG);
            case ALOAD -> st.load(Bytecode.u1(code, pc + 1), THIS);
            case ILOAD_0, 0x1b, 0x1c, ILOAD_3 -> st.load(op - ILOAD_0, INT);
            case LLOAD_0, 0x1f, 0x20, LLOAD_3 -> st.load(op - LLOAD_0, LONG);
            case ALOAD_0, 0x2b, 0x2c, ALOAD_3 -> st.load(op - ALOAD_0, THIS);
            case ISTORE -> st.store(Bytecode.u1(code, pc + 1), INT);
            case LSTORE -> st.store(Bytecode.u1(code, pc + 1), LONG);
            case ASTORE -> st.store(Bytecode.u1(code, pc + 1), THIS);
            case ISTORE_0, 0x3c, 0x3d, ISTORE_3 -> st.store(op - ISTORE_0, INT);
            case LSTORE_0, 0x40, 0x41, LSTORE_3 -> st.store(op - LSTORE_0, LONG);
            case ASTORE_0, 0x4c, 0x4d, ASTORE_3 -> st.store(op - ASTORE_0, THIS);
            case IINC -> increment(f, Bytecode.u1(code, pc + 1));
            case WIDE -> wide(f, Bytecode.u1(code, pc + 1), Bytecode.u2(code, pc + 2));
            default -> throw f.bad("opcode " + op + " is not allowed");
        }
        return true;
    }

    /** wide: the same loads, stores and iinc with a two-byte local index (pass 1 refused any other inner opcode). */
    private static void wide(TypeFlow f, int inner, int idx) {
        TypeState st = f.state;
        switch (inner) {
            case ILOAD -> st.load(idx, INT);
            case LLOAD -> st.load(idx, LONG);
            case ALOAD -> st.load(idx, THIS);
            case ISTORE -> st.store(idx, INT);
            case LSTORE -> st.store(idx, LONG);
            case ASTORE -> st.store(idx, THIS);
            default -> increment(f, idx);
        }
    }

    private static void increment(TypeFlow f, int idx) {
        if (f.state.local(idx) != INT) {
            throw f.bad("increments local " + idx + ", which does not hold an int");
        }
    }
}
