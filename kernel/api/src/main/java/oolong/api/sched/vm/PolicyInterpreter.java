package oolong.api.sched.vm;

import static oolong.api.sched.vm.Opcodes.*;

import oolong.api.probe.Event;
import oolong.api.probe.Maps;
import oolong.api.probe.Patch;
import oolong.api.probe.Probe;
import oolong.api.sched.Policy;
import oolong.api.sched.RunQueue;

/**
 * Runs a {@link VerifiedPolicy} as a {@link Policy}: a small bytecode interpreter with an
 * instruction budget per decision and a bounded call depth.
 *
 * The verifier has already proved that every instruction finds values of the right types, that
 * the stack stays within its bounds and that every branch lands on an instruction
 * ({@link MethodProof}), so the loop below only has to bound what is dynamic: instructions,
 * recursion, division by zero, and the arguments passed to the run queue (which checks its own
 * indices). Values live in one preallocated array of longs (ints sign-extended, longs taking two
 * slots as in the JVM, the value in the first), so a decision allocates nothing: it runs inside
 * the kernel's scheduler.
 *
 * The loop decodes and dispatches every instruction in one switch — one indirect jump per
 * instruction, which is what the kernel's interpreter spends most of its time on — and does in
 * place what takes a line or two: constants, locals (wide ones too), stack shuffles, conversions,
 * the conditions of if*. The families with more to them live in their own classes:
 * {@link IntegerOps} (arithmetic, division by zero), {@link Switches}, {@link QueueCalls} and
 * {@link HelperCalls} (calls out of the policy). Keeping the short ones here is measured, not
 * taste: on HotSpot, moving the if* conditions into a class of their own cost 3% and moving wide
 * out of the loop 4-5%, though it never runs — presumably the compiler's code for the whole loop
 * suffers from a call it does not inline (perf.md, "Policy VM"). Each instruction counts one
 * against the budget, whatever its family; the kernel's budgets are set in these units.
 */
public final class PolicyInterpreter implements Policy, Probe, Patch {
    public static final int MAX_DEPTH = 64;

    /** Values standing for the two references a policy can hold. */
    private static final long THIS_REF = 1;
    private static final long QUEUE_REF = 2;
    private static final long EVENT_REF = 3;
    private static final long MAPS_REF = 4;

    private final VerifiedPolicy p;
    private final ClassFile.Method[] methods;
    private final long[] slots = new long[MAX_DEPTH * (PolicyVerifier.MAX_LOCALS + PolicyVerifier.MAX_STACK)];
    private long budget = PolicyBudget.DEFAULT;
    private long remaining;
    private long lastInstructions;
    private RunQueue q;
    private Event ev;
    private Maps maps;

    public PolicyInterpreter(VerifiedPolicy policy) {
        this.p = policy;
        this.methods = policy.classFile.methods;
    }

    public String name() {
        return p.name;
    }

    /** Instructions a single decision may execute before the policy is aborted. */
    public void setBudget(long instructions) {
        budget = Math.max(1, instructions);
    }

    public long budget() {
        return budget;
    }

    /** Instructions the last decision executed. */
    public long lastInstructions() {
        return lastInstructions;
    }

    @Override
    public int pick(RunQueue queue) {
        if (p.kind != ExtensionKind.POLICY) {
            throw new IllegalStateException(p.name + " is a " + p.kind.noun + ", not a policy");
        }
        q = queue;
        remaining = budget;
        try {
            slots[0] = THIS_REF;
            slots[1] = QUEUE_REF;
            return (int) run(p.pick, 0, 1);
        } finally {
            lastInstructions = budget - remaining;
            q = null;
        }
    }

    /** Runs a probe's fire (a probe's class only: the verifier proved its entry takes an event and maps). */
    @Override
    public void fire(Event e, Maps m) {
        decide(e, m);
    }

    /**
     * Runs a probe's or a patch's entry method with the event and the maps: the one call through
     * which the kernel runs an extension's verified code. A patch's result is returned; a probe
     * returns {@link Patch#PASS}. A fault throws {@link PolicyFault}.
     */
    @Override
    public long decide(Event e, Maps m) {
        if (p.kind == ExtensionKind.POLICY) {
            throw new IllegalStateException(p.name + " is a policy, not a probe or a patch");
        }
        ev = e;
        maps = m;
        remaining = budget;
        try {
            slots[0] = THIS_REF;
            slots[1] = EVENT_REF;
            slots[2] = MAPS_REF;
            long r = run(p.pick, 0, 1);
            return p.kind == ExtensionKind.PATCH ? r : Patch.PASS;
        } finally {
            lastInstructions = budget - remaining;
            ev = null;
            maps = null;
        }
    }

    public ExtensionKind kind() {
        return p.kind;
    }

    /** A fault at bytecode pc of method mi: the message names the method, the source line and the offset. */
    PolicyFault fault(int method, int pc, String what) {
        ClassFile.Method m = methods[method];
        int line = m.lineAt(pc);
        return new PolicyFault(p.name + "." + m.name + (line >= 0 ? " line " + line : "") + " (bytecode " + pc + ") " + what);
    }

    /**
     * Runs method mi whose frame starts at base (its arguments already in the first locals);
     * returns its result (0 for void).
     */
    private long run(int mi, int base, int depth) {
        ClassFile.Method m = methods[mi];
        if (depth > MAX_DEPTH || base + m.maxLocals + m.maxStack > slots.length) {
            throw fault(mi, 0, "recursed deeper than " + MAX_DEPTH + " calls");
        }
        final byte[] code = m.code;
        final long[] s = slots;
        int sp = base + m.maxLocals;
        int pc = 0;
        while (true) {
            if (--remaining < 0) {
                throw fault(mi, pc, "used up its budget of " + budget + " instructions in one " + p.kind.run + " (an endless loop?)");
            }
            int op = code[pc] & 0xFF;
            switch (op) {
                // constants and locals (LocalTypes proved each local holds what is read)
                case NOP -> pc++;
                case ICONST_M1, ICONST_0, ICONST_1, ICONST_2, ICONST_3, ICONST_4, ICONST_5 -> {
                    s[sp++] = op - ICONST_0;
                    pc++;
                }
                case LCONST_0, LCONST_1 -> {
                    s[sp] = op - LCONST_0;
                    sp += 2;
                    pc++;
                }
                case BIPUSH -> {
                    s[sp++] = code[pc + 1];
                    pc += 2;
                }
                case SIPUSH -> {
                    s[sp++] = (short) Bytecode.u2(code, pc + 1);
                    pc += 3;
                }
                case LDC -> {
                    s[sp++] = (int) p.classFile.number(code[pc + 1] & 0xFF);
                    pc += 2;
                }
                case LDC_W -> {
                    s[sp++] = (int) p.classFile.number(Bytecode.u2(code, pc + 1));
                    pc += 3;
                }
                case LDC2_W -> {
                    s[sp] = p.classFile.number(Bytecode.u2(code, pc + 1));
                    sp += 2;
                    pc += 3;
                }
                case ILOAD, ALOAD -> {
                    s[sp++] = s[base + (code[pc + 1] & 0xFF)];
                    pc += 2;
                }
                case LLOAD -> {
                    s[sp] = s[base + (code[pc + 1] & 0xFF)];
                    sp += 2;
                    pc += 2;
                }
                case ILOAD_0, 0x1b, 0x1c, ILOAD_3 -> {
                    s[sp++] = s[base + op - ILOAD_0];
                    pc++;
                }
                case LLOAD_0, 0x1f, 0x20, LLOAD_3 -> {
                    s[sp] = s[base + op - LLOAD_0];
                    sp += 2;
                    pc++;
                }
                case ALOAD_0, 0x2b, 0x2c, ALOAD_3 -> {
                    s[sp++] = s[base + op - ALOAD_0];
                    pc++;
                }
                case ISTORE, ASTORE -> {
                    s[base + (code[pc + 1] & 0xFF)] = s[--sp];
                    pc += 2;
                }
                case LSTORE -> {
                    sp -= 2;
                    s[base + (code[pc + 1] & 0xFF)] = s[sp];
                    pc += 2;
                }
                case ISTORE_0, 0x3c, 0x3d, ISTORE_3 -> {
                    s[base + op - ISTORE_0] = s[--sp];
                    pc++;
                }
                case LSTORE_0, 0x40, 0x41, LSTORE_3 -> {
                    sp -= 2;
                    s[base + op - LSTORE_0] = s[sp];
                    pc++;
                }
                case ASTORE_0, 0x4c, 0x4d, ASTORE_3 -> {
                    s[base + op - ASTORE_0] = s[--sp];
                    pc++;
                }
                case IINC -> {
                    int idx = base + (code[pc + 1] & 0xFF);
                    s[idx] = (int) s[idx] + code[pc + 2];
                    pc += 3;
                }
                case WIDE -> {
                    int inner = code[pc + 1] & 0xFF;
                    int idx = base + Bytecode.u2(code, pc + 2);
                    switch (inner) {
                        case ILOAD, ALOAD -> s[sp++] = s[idx];
                        case LLOAD -> {
                            s[sp] = s[idx];
                            sp += 2;
                        }
                        case ISTORE, ASTORE -> s[idx] = s[--sp];
                        case LSTORE -> {
                            sp -= 2;
                            s[idx] = s[sp];
                        }
                        default -> s[idx] = (int) s[idx] + (short) Bytecode.u2(code, pc + 4);
                    }
                    pc += inner == IINC ? 6 : 4;
                }
                // stack shuffles (StackTypes proved no long is torn apart)
                case POP -> {
                    sp--;
                    pc++;
                }
                case POP2 -> {
                    sp -= 2;
                    pc++;
                }
                case DUP -> {
                    s[sp] = s[sp - 1];
                    sp++;
                    pc++;
                }
                case DUP_X1, DUP_X2 -> {
                    shuffle(sp, 1, op - DUP);
                    sp++;
                    pc++;
                }
                case DUP2 -> {
                    s[sp] = s[sp - 2];
                    s[sp + 1] = s[sp - 1];
                    sp += 2;
                    pc++;
                }
                case DUP2_X1, DUP2_X2 -> {
                    shuffle(sp, 2, op - DUP2);
                    sp += 2;
                    pc++;
                }
                case SWAP -> {
                    long t = s[sp - 1];
                    s[sp - 1] = s[sp - 2];
                    s[sp - 2] = t;
                    pc++;
                }
                // arithmetic and conversions (IntegerOps)
                case IADD, ISUB, IMUL, IDIV, IREM, ISHL, ISHR, IUSHR, IAND, IOR, IXOR -> {
                    int b = (int) s[--sp];
                    int a = (int) s[sp - 1];
                    s[sp - 1] = IntegerOps.intOp(op, a, b, this, mi, pc);
                    pc++;
                }
                case LADD, LSUB, LMUL, LDIV, LREM, LAND, LOR, LXOR -> {
                    sp -= 2;
                    long b = s[sp];
                    long a = s[sp - 2];
                    s[sp - 2] = IntegerOps.longOp(op, a, b, this, mi, pc);
                    pc++;
                }
                case LSHL, LSHR, LUSHR -> {
                    int n = (int) s[--sp] & 63;
                    long a = s[sp - 2];
                    s[sp - 2] = op == LSHL ? a << n : op == LSHR ? a >> n : a >>> n;
                    pc++;
                }
                case INEG -> {
                    s[sp - 1] = -(int) s[sp - 1];
                    pc++;
                }
                case LNEG -> {
                    s[sp - 2] = -s[sp - 2];
                    pc++;
                }
                case I2L -> {
                    s[sp - 1] = (int) s[sp - 1];
                    sp++;
                    pc++;
                }
                case L2I -> {
                    sp--;
                    s[sp - 1] = (int) s[sp - 1];
                    pc++;
                }
                case I2B -> {
                    s[sp - 1] = (byte) s[sp - 1];
                    pc++;
                }
                case I2C -> {
                    s[sp - 1] = (char) s[sp - 1];
                    pc++;
                }
                case I2S -> {
                    s[sp - 1] = (short) s[sp - 1];
                    pc++;
                }
                case LCMP -> {
                    sp -= 2;
                    long b = s[sp];
                    sp -= 2;
                    long a = s[sp];
                    s[sp++] = Long.compare(a, b);
                    pc++;
                }
                // branches and switches (Switches; BranchTypes proved every target)
                case IFEQ, IFNE, IFLT, IFGE, IFGT, IFLE -> {
                    int a = (int) s[--sp];
                    boolean jump = switch (op) {
                        case IFEQ -> a == 0;
                        case IFNE -> a != 0;
                        case IFLT -> a < 0;
                        case IFGE -> a >= 0;
                        case IFGT -> a > 0;
                        default -> a <= 0;
                    };
                    pc = jump ? Bytecode.branchTarget(code, pc) : pc + 3;
                }
                case IF_ICMPEQ, IF_ICMPNE, IF_ICMPLT, IF_ICMPGE, IF_ICMPGT, IF_ICMPLE, IF_ACMPEQ, IF_ACMPNE -> {
                    long b = s[--sp];
                    long a = s[--sp];
                    boolean jump = switch (op) {
                        case IF_ICMPEQ, IF_ACMPEQ -> a == b;
                        case IF_ICMPNE, IF_ACMPNE -> a != b;
                        case IF_ICMPLT -> a < b;
                        case IF_ICMPGE -> a >= b;
                        case IF_ICMPGT -> a > b;
                        default -> a <= b;
                    };
                    pc = jump ? Bytecode.branchTarget(code, pc) : pc + 3;
                }
                case GOTO -> pc = Bytecode.branchTarget(code, pc);
                case GOTO_W -> pc = Bytecode.wideBranchTarget(code, pc);
                case TABLESWITCH -> pc += Switches.table(code, pc, (int) s[--sp]);
                case LOOKUPSWITCH -> pc += Switches.lookup(code, pc, (int) s[--sp]);
                // calls and returns (CallTypes resolved every call site into p.targets)
                case IRETURN -> {
                    return s[sp - 1];
                }
                case LRETURN -> {
                    return s[sp - 2];
                }
                case RETURN -> {
                    return 0;
                }
                case INVOKEVIRTUAL, INVOKESPECIAL, INVOKESTATIC, INVOKEINTERFACE -> {
                    sp = call(p.targets[Bytecode.u2(code, pc + 1)], sp, depth, mi, pc);
                    pc += op == INVOKEINTERFACE ? 5 : 3;
                }
                default -> throw fault(mi, pc, "reached opcode " + op + ", which the verifier should have refused");
            }
        }
    }

    /** Inserts copies of the top k slots `depth` slots further down (the dup_x family). */
    private void shuffle(int sp, int k, int depth) {
        long[] s = slots;
        for (int i = sp - 1; i >= sp - k - depth; i--) {
            s[i + k] = s[i];
        }
        for (int i = 0; i < k; i++) {
            s[sp - k - depth + i] = s[sp + i];
        }
    }

    /** Calls a resolved target with the arguments on top of the stack; returns the new stack pointer. */
    private int call(int target, int sp, int depth, int mi, int pc) {
        if (target >= CallTargets.MAPS_CALL) {
            return ExtensionCalls.maps(maps, target - CallTargets.MAPS_CALL, slots, sp, this, mi, pc);
        }
        if (target >= CallTargets.EVENT_CALL) {
            return ExtensionCalls.event(ev, target - CallTargets.EVENT_CALL, slots, sp, this, mi, pc);
        }
        if (target >= CallTargets.HELPER_CALL) {
            return HelperCalls.call(target - CallTargets.HELPER_CALL, slots, sp, this, mi, pc);
        }
        if (target >= CallTargets.QUEUE_CALL) {
            return QueueCalls.call(q, target - CallTargets.QUEUE_CALL, slots, sp, this, mi, pc);
        }
        int callee = target - CallTargets.OWN;
        int argBase = sp - p.argSlots[callee];
        long result = run(callee, argBase, depth + 1);
        byte r = p.returns[callee];
        if (r == Types.INT) {
            slots[argBase] = result;
            return argBase + 1;
        }
        if (r == Types.LONG) {
            slots[argBase] = result;
            return argBase + 2;
        }
        return argBase;
    }
}
