package oolong.api.sched.vm;

import static oolong.api.sched.vm.Types.THIS;

/**
 * The data-flow check of one method: an abstract interpretation over types instead of values.
 *
 * Pass 1 walks the code in order, finds the instruction boundaries and refuses forbidden opcodes,
 * so that the first problem in the code is the one reported. Pass 2 runs every reachable
 * instruction's type step ({@link LocalTypes}, {@link StackTypes}, {@link ArithmeticTypes},
 * {@link BranchTypes}, {@link CallTypes}) from the method's entry state, merging the states that
 * meet at an instruction until nothing changes. What it proves — every instruction's entry types,
 * stack depth, and which instructions are branch targets — is kept in a {@link MethodProof}, for
 * the interpreter's reliance and any later consumer of verified code.
 *
 * The family steps read the driver's fields (the class, the method and its code, the current pc
 * and {@link #state}) and act on it only through {@link #jumpTo} and {@link #bad}, so another
 * consumer can drive them the same way. What is particular to policies — which calls are allowed
 * and what they take and return, the run queue as the one reference a method may be passed — is
 * in {@link CallTypes}, {@link Descriptors} and {@link PolicyVerifier}; a verifier for another
 * interface would replace those and keep the rest.
 */
final class TypeFlow {
    final ClassFile cf;
    final String display;
    final ClassFile.Method m;
    final byte[] code;
    /** Every method's return type (INT, LONG, TOP for void), by method index. */
    final byte[] returns;
    /** What this method returns. */
    final byte returnType;
    /** The class's resolved call sites, shared by all its methods ({@link CallTargets}). */
    final int[] targets;
    final TypeState state;
    /** The instruction being checked. */
    int pc;

    private final boolean[] start;
    private final boolean[] branchTarget;
    private final byte[][] frames;
    private final int[] depths;
    private final int[] work;
    private int workCount;

    TypeFlow(ClassFile cf, String display, ClassFile.Method m, byte[] returns, byte returnType, int[] targets) {
        this.cf = cf;
        this.display = display;
        this.m = m;
        this.code = m.code;
        this.returns = returns;
        this.returnType = returnType;
        this.targets = targets;
        this.state = new TypeState(this, m.maxLocals, m.maxStack);
        this.start = new boolean[code.length];
        this.branchTarget = new boolean[code.length];
        this.frames = new byte[code.length][];
        this.depths = new int[code.length];
        this.work = new int[code.length];
    }

    /** Checks the method; returns what was proved, or throws {@link PolicyRejected}. */
    MethodProof run() {
        int maxLocals = m.maxLocals;
        int maxStack = m.maxStack;
        if (code.length > PolicyVerifier.MAX_CODE) {
            throw new PolicyRejected(where() + " has " + code.length + " bytes of code; the limit is "
                    + PolicyVerifier.MAX_CODE + " (split it into smaller methods)");
        }
        if (maxStack > PolicyVerifier.MAX_STACK || maxLocals > PolicyVerifier.MAX_LOCALS) {
            throw new PolicyRejected(where() + " needs " + maxStack + " stack slots and " + maxLocals
                    + " locals; the limits are " + PolicyVerifier.MAX_STACK + " and " + PolicyVerifier.MAX_LOCALS);
        }
        findInstructions();
        if (m.exceptionHandlers > 0) {
            throw new PolicyRejected(where() + " catches exceptions (try/catch/finally); policies may not: a fault ends the policy");
        }
        // Pass 2: data flow from the entry state, merging at branch targets.
        byte[] entry = new byte[maxLocals + maxStack];
        int slot = 0;
        if (!m.isStatic()) {
            entry[slot++] = THIS;
        }
        byte[] params = Descriptors.parameters(display, m, m.descriptor);
        if (slot + params.length > maxLocals) {
            throw new PolicyRejected(where() + ": its parameters need more locals than max_locals " + maxLocals);
        }
        for (byte t : params) {
            entry[slot++] = t;
        }
        for (int i = 0; i < depths.length; i++) {
            depths[i] = -1;
        }
        state.restore(entry, 0);
        flowTo(0);
        while (workCount > 0) {
            pc = work[--workCount];
            state.restore(frames[pc], depths[pc]);
            step();
        }
        return new MethodProof(maxLocals, maxStack, start, branchTarget, frames, depths);
    }

    /** Pass 1: instruction boundaries and forbidden opcodes, in order. */
    private void findInstructions() {
        for (int p = 0; p < code.length;) {
            int op = code[p] & 0xFF;
            String why = InstructionSet.forbidden(op);
            if (why != null) {
                throw new PolicyRejected(where(p) + " " + why);
            }
            if (op == Opcodes.WIDE && p + 1 < code.length) {
                int inner = code[p + 1] & 0xFF;
                if (!InstructionSet.widens(inner)) {
                    throw new PolicyRejected(where(p) + ": wide prefix on opcode " + inner);
                }
            }
            int len = Bytecode.length(code, p);
            if (len <= 0 || len > code.length - p) {
                throw new PolicyRejected(where(p) + ": instruction runs past the end of the code");
            }
            start[p] = true;
            p += len;
        }
    }

    /** One instruction: its family's type step, then the fall-through edge if it has one. */
    private void step() {
        int op = code[pc] & 0xFF;
        int next = pc + Bytecode.length(code, pc);
        boolean falls = switch (InstructionSet.family(op)) {
            case InstructionSet.CONSTANTS_AND_LOCALS -> LocalTypes.step(this, op);
            case InstructionSet.STACK -> StackTypes.step(this, op);
            case InstructionSet.ARITHMETIC -> ArithmeticTypes.step(this, op);
            case InstructionSet.BRANCHES -> BranchTypes.step(this, op);
            case InstructionSet.CALLS_AND_RETURNS -> CallTypes.step(this, op);
            default -> throw bad("opcode " + op + " is not allowed");
        };
        if (falls) {
            if (next >= code.length) {
                throw bad("execution falls off the end of the code");
            }
            flowTo(next);
        }
    }

    /** A branch edge from the current instruction: recorded as a branch target in the proof. */
    void jumpTo(int target) {
        flowTo(target);
        branchTarget[target] = true;
    }

    /** Merges the current state into the state at target; queues it if it changed. */
    private void flowTo(int target) {
        byte[] cur = state.cur;
        int sp = state.sp;
        int maxLocals = state.maxLocals;
        if (target < 0 || target >= code.length || !start[target]) {
            throw bad("branch to " + target + ", which is not the start of an instruction");
        }
        if (depths[target] < 0) {
            frames[target] = cur.clone();
            depths[target] = sp;
            work[workCount++] = target;
            return;
        }
        if (depths[target] != sp) {
            throw bad("the stack has " + sp + " entries here but " + depths[target] + " at " + target);
        }
        byte[] f = frames[target];
        boolean changed = false;
        for (int i = 0; i < maxLocals; i++) {
            if (f[i] != cur[i] && f[i] != Types.TOP) {
                f[i] = Types.TOP;
                changed = true;
            }
        }
        for (int i = 0; i < sp; i++) {
            if (f[maxLocals + i] != cur[maxLocals + i]) {
                throw bad("the stack holds different types at " + target + " depending on the path taken");
            }
        }
        if (changed) {
            boolean queued = false;
            for (int i = 0; i < workCount; i++) {
                queued |= work[i] == target;
            }
            if (!queued) {
                work[workCount++] = target;
            }
        }
    }

    /** The rejection of the current instruction, with its method, source line and offset. */
    PolicyRejected bad(String what) {
        return new PolicyRejected(where(pc) + ": " + what);
    }

    private String where() {
        return display + "." + m.name;
    }

    private String where(int at) {
        int line = m.lineAt(at);
        return display + "." + m.name + (line >= 0 ? " line " + line : "") + " (bytecode " + at + ")";
    }
}
