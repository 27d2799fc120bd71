package oolong.api.sched.vm;

import static oolong.api.sched.vm.Opcodes.*;
import static oolong.api.sched.vm.Types.INT;
import static oolong.api.sched.vm.Types.LONG;

/**
 * Type step for int and long arithmetic, shifts (a long shifted by an int), negation, the
 * conversions between int, long and the narrow kinds, and lcmp. Each pops exactly the types it
 * computes with, so the interpreter may read an int slot as an int and a long pair as a long.
 */
final class ArithmeticTypes {
    private ArithmeticTypes() {
    }

    /** Applies the instruction at f.pc to f.state; these all fall through to the next one. */
    static boolean step(TypeFlow f, int op) {
        TypeState st = f.state;
        switch (op) {
            case IADD, ISUB, IMUL, IDIV, IREM, ISHL, ISHR, IUSHR, IAND, IOR, IXOR -> {
                st.popInt();
                st.popInt();
                st.push(INT);
            }
            case LADD, LSUB, LMUL, LDIV, LREM, LAND, LOR, LXOR -> {
                st.popLong();
                st.popLong();
                st.pushType(LONG);
            }
            case LSHL, LSHR, LUSHR -> {
                st.popInt();
                st.popLong();
                st.pushType(LONG);
            }
            case INEG, I2B, I2C, I2S -> {
                st.popInt();
                st.push(INT);
            }
            case LNEG -> {
                st.popLong();
                st.pushType(LONG);
            }
            case I2L -> {
                st.popInt();
                st.pushType(LONG);
            }
            case L2I -> {
                st.popLong();
                st.push(INT);
            }
            case LCMP -> {
                st.popLong();
                st.popLong();
                st.push(INT);
            }
            default -> throw f.bad("opcode " + op + " is not allowed");
        }
        return true;
    }
}
