package oolong.api.sched.vm;

import static oolong.api.sched.vm.Opcodes.*;

/**
 * Type step for control flow: the conditional branches (on an int, two ints, or two
 * references), goto and goto_w, tableswitch and lookupswitch. Each target must be the start of
 * an instruction and receive the same stack shape from every path ({@link TypeFlow#jumpTo});
 * lookupswitch keys must be strictly ascending, because the interpreter searches them by halves
 * ({@link Switches}).
 */
final class BranchTypes {
    private BranchTypes() {
    }

    /** Applies the instruction at f.pc; returns whether it can fall through to the next one. */
    static boolean step(TypeFlow f, int op) {
        TypeState st = f.state;
        byte[] code = f.code;
        int pc = f.pc;
        switch (op) {
            case IFEQ, IFNE, IFLT, IFGE, IFGT, IFLE -> {
                st.popInt();
                f.jumpTo(Bytecode.branchTarget(code, pc));
                return true;
            }
            case IF_ICMPEQ, IF_ICMPNE, IF_ICMPLT, IF_ICMPGE, IF_ICMPGT, IF_ICMPLE -> {
                st.popInt();
                st.popInt();
                f.jumpTo(Bytecode.branchTarget(code, pc));
                return true;
            }
            case IF_ACMPEQ, IF_ACMPNE -> {
                byte a = st.pop();
                byte b = st.pop();
                if (!Types.isReference(a) || !Types.isReference(b)) {
                    throw f.bad("compares non-references with if_acmp");
                }
                f.jumpTo(Bytecode.branchTarget(code, pc));
                return true;
            }
            case GOTO -> {
                f.jumpTo(Bytecode.branchTarget(code, pc));
                return false;
            }
            case GOTO_W -> {
                f.jumpTo(Bytecode.wideBranchTarget(code, pc));
                return false;
            }
            case TABLESWITCH -> {
                st.popInt();
                int p = Bytecode.switchOperands(pc);
                f.jumpTo(pc + Bytecode.switchDefault(code, p));
                int n = Bytecode.tableHigh(code, p) - Bytecode.tableLow(code, p) + 1;
                for (int i = 0; i < n; i++) {
                    f.jumpTo(pc + Bytecode.tableOffset(code, p, i));
                }
                return false;
            }
            case LOOKUPSWITCH -> {
                st.popInt();
                int p = Bytecode.switchOperands(pc);
                f.jumpTo(pc + Bytecode.switchDefault(code, p));
                int n = Bytecode.lookupPairs(code, p);
                for (int i = 0; i < n; i++) {
                    if (i > 0 && Bytecode.lookupKey(code, p, i) <= Bytecode.lookupKey(code, p, i - 1)) {
                        throw f.bad("lookupswitch keys are not sorted");
                    }
                    f.jumpTo(pc + Bytecode.lookupOffset(code, p, i));
                }
                return false;
            }
            default -> throw f.bad("opcode " + op + " is not allowed");
        }
    }
}
