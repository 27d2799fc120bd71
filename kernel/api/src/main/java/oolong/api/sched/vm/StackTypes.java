package oolong.api.sched.vm;

import static oolong.api.sched.vm.Opcodes.*;
import static oolong.api.sched.vm.Types.LONG2;

/**
 * Type step for the raw stack shuffles: pop, pop2, dup and its _x forms, swap. They move slots
 * without regard to type, so each proves afterwards that no long was torn in half — the
 * interpreter copies slots just as blindly.
 */
final class StackTypes {
    private StackTypes() {
    }

    /** Applies the instruction at f.pc to f.state; these all fall through to the next one. */
    static boolean step(TypeFlow f, int op) {
        TypeState st = f.state;
        switch (op) {
            case POP -> {
                st.pop();
                st.checkPairs();
                if (st.sp < st.maxStack && st.stack(st.sp) == LONG2) {
                    throw f.bad("pops half of a long");
                }
            }
            case POP2 -> {
                st.pop();
                st.pop();
                if (st.sp < st.maxStack && st.stack(st.sp) == LONG2) {
                    throw f.bad("pops half of a long");
                }
                st.checkPairs();
            }
            case DUP -> st.dup(1, 0);
            case DUP_X1 -> st.dup(1, 1);
            case DUP_X2 -> st.dup(1, 2);
            case DUP2 -> st.dup(2, 0);
            case DUP2_X1 -> st.dup(2, 1);
            case DUP2_X2 -> st.dup(2, 2);
            case SWAP -> {
                byte a = st.pop();
                byte b = st.pop();
                st.push(a);
                st.push(b);
                st.checkPairs();
            }
            default -> throw f.bad("opcode " + op + " is not allowed");
        }
        return true;
    }
}
