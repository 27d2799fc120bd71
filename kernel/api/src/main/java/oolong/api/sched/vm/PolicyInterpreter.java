package oolong.api.sched.vm;

import oolong.api.sched.Policy;
import oolong.api.sched.RunQueue;

/**
 * Runs a {@link VerifiedPolicy} as a {@link Policy}: a small bytecode interpreter with an
 * instruction budget per decision and a bounded call depth.
 *
 * The verifier has already proved that every instruction finds values of the right types, that
 * the stack stays within its bounds and that every branch lands on an instruction, so the loop
 * below only has to bound what is dynamic: instructions, recursion, division by zero, and the
 * arguments passed to the run queue (which checks its own indices). Values live in one preallocated
 * array of longs (ints sign-extended, longs taking two slots as in the JVM), so a decision allocates
 * nothing: it runs inside the kernel's scheduler.
 */
public final class PolicyInterpreter implements Policy {
    public static final int MAX_DEPTH = 64;

    /** Values standing for the two references a policy can hold. */
    private static final long THIS_REF = 1;
    private static final long QUEUE_REF = 2;

    private final VerifiedPolicy p;
    private final ClassFile.Method[] methods;
    private final long[] slots = new long[MAX_DEPTH * (PolicyVerifier.MAX_LOCALS + PolicyVerifier.MAX_STACK)];
    private long budget = PolicyBudget.DEFAULT;
    private long remaining;
    private long lastInstructions;
    private RunQueue q;

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

    private PolicyFault fault(int method, int pc, String what) {
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
                throw fault(mi, pc, "used up its budget of " + budget + " instructions in one decision (an endless loop?)");
            }
            int op = code[pc] & 0xFF;
            switch (op) {
                case 0x00 -> pc++;
                case 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08 -> {
                    s[sp++] = op - 0x03;
                    pc++;
                }
                case 0x09, 0x0a -> {
                    s[sp] = op - 0x09;
                    sp += 2;
                    pc++;
                }
                case 0x10 -> {
                    s[sp++] = code[pc + 1];
                    pc += 2;
                }
                case 0x11 -> {
                    s[sp++] = (short) PolicyVerifier.u2(code, pc + 1);
                    pc += 3;
                }
                case 0x12 -> {
                    s[sp++] = (int) p.classFile.number(code[pc + 1] & 0xFF);
                    pc += 2;
                }
                case 0x13 -> {
                    s[sp++] = (int) p.classFile.number(PolicyVerifier.u2(code, pc + 1));
                    pc += 3;
                }
                case 0x14 -> {
                    s[sp] = p.classFile.number(PolicyVerifier.u2(code, pc + 1));
                    sp += 2;
                    pc += 3;
                }
                case 0x15, 0x19 -> {
                    s[sp++] = s[base + (code[pc + 1] & 0xFF)];
                    pc += 2;
                }
                case 0x16 -> {
                    s[sp] = s[base + (code[pc + 1] & 0xFF)];
                    sp += 2;
                    pc += 2;
                }
                case 0x1a, 0x1b, 0x1c, 0x1d -> {
                    s[sp++] = s[base + op - 0x1a];
                    pc++;
                }
                case 0x1e, 0x1f, 0x20, 0x21 -> {
                    s[sp] = s[base + op - 0x1e];
                    sp += 2;
                    pc++;
                }
                case 0x2a, 0x2b, 0x2c, 0x2d -> {
                    s[sp++] = s[base + op - 0x2a];
                    pc++;
                }
                case 0x36, 0x3a -> {
                    s[base + (code[pc + 1] & 0xFF)] = s[--sp];
                    pc += 2;
                }
                case 0x37 -> {
                    sp -= 2;
                    s[base + (code[pc + 1] & 0xFF)] = s[sp];
                    pc += 2;
                }
                case 0x3b, 0x3c, 0x3d, 0x3e -> {
                    s[base + op - 0x3b] = s[--sp];
                    pc++;
                }
                case 0x3f, 0x40, 0x41, 0x42 -> {
                    sp -= 2;
                    s[base + op - 0x3f] = s[sp];
                    pc++;
                }
                case 0x4b, 0x4c, 0x4d, 0x4e -> {
                    s[base + op - 0x4b] = s[--sp];
                    pc++;
                }
                case 0x57 -> {
                    sp--;
                    pc++;
                }
                case 0x58 -> {
                    sp -= 2;
                    pc++;
                }
                case 0x59 -> {
                    s[sp] = s[sp - 1];
                    sp++;
                    pc++;
                }
                case 0x5a -> {
                    shuffle(sp, 1, 1);
                    sp++;
                    pc++;
                }
                case 0x5b -> {
                    shuffle(sp, 1, 2);
                    sp++;
                    pc++;
                }
                case 0x5c -> {
                    s[sp] = s[sp - 2];
                    s[sp + 1] = s[sp - 1];
                    sp += 2;
                    pc++;
                }
                case 0x5d -> {
                    shuffle(sp, 2, 1);
                    sp += 2;
                    pc++;
                }
                case 0x5e -> {
                    shuffle(sp, 2, 2);
                    sp += 2;
                    pc++;
                }
                case 0x5f -> {
                    long t = s[sp - 1];
                    s[sp - 1] = s[sp - 2];
                    s[sp - 2] = t;
                    pc++;
                }
                case 0x60, 0x64, 0x68, 0x6c, 0x70, 0x78, 0x7a, 0x7c, 0x7e, 0x80, 0x82 -> {
                    int b = (int) s[--sp];
                    int a = (int) s[sp - 1];
                    s[sp - 1] = intOp(op, a, b, mi, pc);
                    pc++;
                }
                case 0x61, 0x65, 0x69, 0x6d, 0x71, 0x7f, 0x81, 0x83 -> {
                    sp -= 2;
                    long b = s[sp];
                    long a = s[sp - 2];
                    s[sp - 2] = longOp(op, a, b, mi, pc);
                    pc++;
                }
                case 0x79, 0x7b, 0x7d -> {
                    int n = (int) s[--sp] & 63;
                    long a = s[sp - 2];
                    s[sp - 2] = op == 0x79 ? a << n : op == 0x7b ? a >> n : a >>> n;
                    pc++;
                }
                case 0x74 -> {
                    s[sp - 1] = -(int) s[sp - 1];
                    pc++;
                }
                case 0x75 -> {
                    s[sp - 2] = -s[sp - 2];
                    pc++;
                }
                case 0x84 -> {
                    int idx = base + (code[pc + 1] & 0xFF);
                    s[idx] = (int) s[idx] + code[pc + 2];
                    pc += 3;
                }
                case 0x85 -> {
                    s[sp - 1] = (int) s[sp - 1];
                    sp++;
                    pc++;
                }
                case 0x88 -> {
                    sp--;
                    s[sp - 1] = (int) s[sp - 1];
                    pc++;
                }
                case 0x91 -> {
                    s[sp - 1] = (byte) s[sp - 1];
                    pc++;
                }
                case 0x92 -> {
                    s[sp - 1] = (char) s[sp - 1];
                    pc++;
                }
                case 0x93 -> {
                    s[sp - 1] = (short) s[sp - 1];
                    pc++;
                }
                case 0x94 -> {
                    sp -= 2;
                    long b = s[sp];
                    sp -= 2;
                    long a = s[sp];
                    s[sp++] = Long.compare(a, b);
                    pc++;
                }
                case 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e -> {
                    int a = (int) s[--sp];
                    boolean jump = switch (op) {
                        case 0x99 -> a == 0;
                        case 0x9a -> a != 0;
                        case 0x9b -> a < 0;
                        case 0x9c -> a >= 0;
                        case 0x9d -> a > 0;
                        default -> a <= 0;
                    };
                    pc = jump ? pc + (short) PolicyVerifier.u2(code, pc + 1) : pc + 3;
                }
                case 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6 -> {
                    long b = s[--sp];
                    long a = s[--sp];
                    boolean jump = switch (op) {
                        case 0x9f, 0xa5 -> a == b;
                        case 0xa0, 0xa6 -> a != b;
                        case 0xa1 -> a < b;
                        case 0xa2 -> a >= b;
                        case 0xa3 -> a > b;
                        default -> a <= b;
                    };
                    pc = jump ? pc + (short) PolicyVerifier.u2(code, pc + 1) : pc + 3;
                }
                case 0xa7 -> pc += (short) PolicyVerifier.u2(code, pc + 1);
                case 0xc8 -> pc += PolicyVerifier.s4(code, pc + 1);
                case 0xaa -> {
                    int key = (int) s[--sp];
                    int a = (pc + 4) & ~3;
                    int low = PolicyVerifier.s4(code, a + 4);
                    int high = PolicyVerifier.s4(code, a + 8);
                    pc += key < low || key > high ? PolicyVerifier.s4(code, a)
                            : PolicyVerifier.s4(code, a + 12 + 4 * (key - low));
                }
                case 0xab -> pc += LookupSwitch.offset(code, pc, (int) s[--sp]);
                case 0xac -> {
                    return s[sp - 1];
                }
                case 0xad -> {
                    return s[sp - 2];
                }
                case 0xb1 -> {
                    return 0;
                }
                case 0xb6, 0xb7, 0xb8, 0xb9 -> {
                    int target = p.targets[PolicyVerifier.u2(code, pc + 1)];
                    sp = call(target, sp, depth, mi, pc);
                    pc += op == 0xb9 ? 5 : 3;
                }
                case 0xc4 -> {
                    int inner = code[pc + 1] & 0xFF;
                    int idx = base + PolicyVerifier.u2(code, pc + 2);
                    switch (inner) {
                        case 0x15, 0x19 -> s[sp++] = s[idx];
                        case 0x16 -> {
                            s[sp] = s[idx];
                            sp += 2;
                        }
                        case 0x36, 0x3a -> s[idx] = s[--sp];
                        case 0x37 -> {
                            sp -= 2;
                            s[idx] = s[sp];
                        }
                        default -> s[idx] = (int) s[idx] + (short) PolicyVerifier.u2(code, pc + 4);
                    }
                    pc += inner == 0x84 ? 6 : 4;
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
        long[] s = slots;
        if (target >= PolicyVerifier.HELPER_CALL) {
            return helper(target - PolicyVerifier.HELPER_CALL, sp, mi, pc);
        }
        if (target >= PolicyVerifier.QUEUE_CALL) {
            return queue(target - PolicyVerifier.QUEUE_CALL, sp, mi, pc);
        }
        int callee = target - PolicyVerifier.OWN;
        int argBase = sp - p.argSlots[callee];
        long result = run(callee, argBase, depth + 1);
        byte r = p.returns[callee];
        if (r == PolicyVerifier.INT) {
            s[argBase] = result;
            return argBase + 1;
        }
        if (r == PolicyVerifier.LONG) {
            s[argBase] = result;
            return argBase + 2;
        }
        return argBase;
    }

    private int queue(int id, int sp, int mi, int pc) {
        long[] s = slots;
        try {
            switch (id) {
                case 0 -> s[sp - 1] = q.size();
                case 1 -> s[sp - 1] = q.current();
                case 2 -> s[sp - 2] = q.pid((int) s[sp - 1]);
                case 3 -> s[sp - 2] = q.parentPid((int) s[sp - 1]);
                case 4 -> s[sp - 2] = q.depth((int) s[sp - 1]);
                case 5 -> s[sp - 2] = q.nice((int) s[sp - 1]);
                case 6 -> s[sp - 2] = q.weight((int) s[sp - 1]);
                case 7 -> s[sp - 2] = q.cpuMicros((int) s[sp - 1]);
                case 8 -> s[sp - 2] = q.waiting((int) s[sp - 1]);
                case 9 -> s[sp - 2] = q.sinceRun((int) s[sp - 1]);
                case 10 -> s[sp - 1] = q.now();
                case 11 -> s[sp - 3] = q.scratch((int) s[sp - 2], (int) s[sp - 1]);
                case 12 -> q.setScratch((int) s[sp - 4], (int) s[sp - 3], s[sp - 2]);
                case 13 -> s[sp - 2] = q.global((int) s[sp - 1]);
                case 14 -> q.setGlobal((int) s[sp - 3], s[sp - 2]);
                case 15 -> s[sp - 2] = q.random((int) s[sp - 1]);
                case 16 -> q.setSlice((int) s[sp - 1]);
                default -> throw fault(mi, pc, "called an unknown run-queue method");
            }
        } catch (PolicyFault e) {
            throw e;
        } catch (RuntimeException e) {
            String msg = e.getMessage();
            throw fault(mi, pc, "passed a bad argument to q." + PolicyVerifier.QUEUE_METHODS[id].substring(0,
                    PolicyVerifier.QUEUE_METHODS[id].indexOf('(')) + ": " + (msg == null ? e.getClass().getName() : msg));
        }
        // Stack effect: receiver + arguments popped, result pushed (slots as in the descriptor).
        return switch (id) {
            case 0, 1 -> sp;             // q -> int
            case 2, 3, 4, 5, 6, 15 -> sp - 1; // q, int -> int
            case 7, 8, 9, 13 -> sp;      // q, int -> long
            case 10 -> sp + 1;           // q -> long
            case 11 -> sp - 1;           // q, int, int -> long
            case 12 -> sp - 5;           // q, int, int, long -> void
            case 14 -> sp - 4;           // q, int, long -> void
            default -> sp - 2;           // q, int -> void (setSlice)
        };
    }

    private int helper(int id, int sp, int mi, int pc) {
        long[] s = slots;
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
                long d = floorDiv(a, b, mi, pc);
                s[sp - 2] = (int) (id == 8 ? d : a - d * b);
                return sp - 1;
            }
            case 7, 9 -> {
                long a = s[sp - 4];
                long b = s[sp - 2];
                long d = floorDiv(a, b, mi, pc);
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
                long d = floorDiv(a, b, mi, pc);
                if (id == 16) {
                    s[sp - 3] = (int) (a - d * b);
                    return sp - 2;
                }
                s[sp - 3] = d;
                return sp - 1;
            }
            default -> throw fault(mi, pc, "called an unknown helper");
        }
    }

    /**
     * Math.floorDiv on longs; the int forms give the same results computed in long and narrowed
     * (including floorDiv(MIN_VALUE, -1), which wraps in both).
     */
    private long floorDiv(long a, long b, int mi, int pc) {
        if (b == 0) {
            throw fault(mi, pc, "divides by zero");
        }
        long d = b == -1 ? -a : a / b;
        if ((a ^ b) < 0 && d * b != a) {
            d--;
        }
        return d;
    }

    private int intOp(int op, int a, int b, int mi, int pc) {
        switch (op) {
            case 0x60:
                return a + b;
            case 0x64:
                return a - b;
            case 0x68:
                return a * b;
            case 0x6c:
                if (b == 0) {
                    throw fault(mi, pc, "divides by zero");
                }
                return b == -1 ? -a : a / b;
            case 0x70:
                if (b == 0) {
                    throw fault(mi, pc, "divides by zero");
                }
                return b == -1 ? 0 : a % b;
            case 0x78:
                return a << (b & 31);
            case 0x7a:
                return a >> (b & 31);
            case 0x7c:
                return a >>> (b & 31);
            case 0x7e:
                return a & b;
            case 0x80:
                return a | b;
            default:
                return a ^ b;
        }
    }

    private long longOp(int op, long a, long b, int mi, int pc) {
        switch (op) {
            case 0x61:
                return a + b;
            case 0x65:
                return a - b;
            case 0x69:
                return a * b;
            case 0x6d:
                if (b == 0) {
                    throw fault(mi, pc, "divides by zero");
                }
                return b == -1 ? -a : a / b;
            case 0x71:
                if (b == 0) {
                    throw fault(mi, pc, "divides by zero");
                }
                return b == -1 ? 0 : a % b;
            case 0x7f:
                return a & b;
            case 0x81:
                return a | b;
            default:
                return a ^ b;
        }
    }
}
