package oolong.api.sched.jit;

import static oolong.api.sched.jit.X86Assembler.*;

import oolong.api.sched.vm.CompilerView;

/**
 * One method's templates (see {@link PolicyCompiler} for the scheme). Frame: slot k of the JVM
 * frame (locals first, then the operand stack) is the qword at {@code [rbp - F + 8k]}; the
 * verifier's stack depth at each instruction says which slot each operand is in.
 *
 * Per method, after its code, the out-of-line paths: one per segment for running out of budget,
 * one per division for a zero divisor, one for the call depth, all ending in a FAULT yield.
 */
final class MethodCompiler {
    private final X86Assembler a;
    private final CompilerView v;
    private final int mi;
    private final int[] methodLabels;
    /**
     * What the class reads from outside, shared by all its methods: [0] bit i set, the class calls
     * run-queue method i; [1] the event values it reads inline (JitAbi.USES_*); [2] the scratch
     * slots it reads (bit s), with bit SCRATCH_SLOTS for a slot not known when compiling.
     */
    private final int[] queueCalls;
    private final byte[] code;
    private final CompilerView.Proof proof;
    /** The instruction before the one being compiled, in code order (-1 at the start). */
    private int previousPc = -1;
    private final int maxLocals;
    private final int frameBytes;
    /** Label of each instruction that starts a segment (0: none yet), by pc. */
    private final int[] pcLabels;
    private final int faultCommon;
    private final int depthFault;
    /** Out-of-line paths: budget (segment start pc, length) and divisions (pc). */
    private int[] budgetStubs = new int[48];
    private int budgetCount;
    private int[] divideStubs = new int[16];
    private int divideCount;
    final ArithmeticTemplates arithmetic;
    private final EventTemplates events;
    private final MapsTemplates maps;

    MethodCompiler(X86Assembler a, CompilerView v, int mi, int[] methodLabels, int[] queueCalls) {
        this.queueCalls = queueCalls;
        this.a = a;
        this.v = v;
        this.mi = mi;
        this.methodLabels = methodLabels;
        this.code = v.code(mi);
        this.proof = v.proof(mi);
        this.maxLocals = v.maxLocals(mi);
        int slots = maxLocals + v.maxStack(mi);
        this.frameBytes = (slots * 8 + 15) & ~15;
        this.pcLabels = new int[code.length];
        this.faultCommon = a.newLabel();
        this.depthFault = a.newLabel();
        this.arithmetic = new ArithmeticTemplates(a, this);
        this.events = new EventTemplates(a, this, queueCalls);
        this.maps = new MapsTemplates(a, this, queueCalls);
    }

    // ------------------------------------------------------------------ frame addressing

    /** Displacement from rbp of local i. */
    int local(int i) {
        return -frameBytes + 8 * i;
    }

    /** Displacement from rbp of operand-stack slot k (0 is the bottom). */
    int stack(int k) {
        return -frameBytes + 8 * (maxLocals + k);
    }

    private int labelAt(int pc) {
        if (pcLabels[pc] == 0) {
            pcLabels[pc] = a.newLabel() + 1;
        }
        return pcLabels[pc] - 1;
    }

    /** A label for the out-of-line zero-divisor path of the division at pc. */
    int divideByZero(int pc) {
        int label = a.newLabel();
        if (divideCount + 2 > divideStubs.length) {
            int[] n = new int[divideStubs.length * 2];
            System.arraycopy(divideStubs, 0, n, 0, divideCount);
            divideStubs = n;
        }
        divideStubs[divideCount++] = label;
        divideStubs[divideCount++] = pc;
        return label;
    }

    // ------------------------------------------------------------------ the method

    void compile() {
        a.bind(methodLabels[mi]);
        a.push(RBP);
        a.mov(RBP, RSP);
        a.aluImm(SUB, RSP, frameBytes, true);
        a.incDec(R14, true);
        a.aluImm(CMP, R14, oolong.api.sched.vm.PolicyInterpreter.MAX_DEPTH, true);
        a.jcc(G, depthFault);
        for (int j = 0; j < v.argSlots(mi); j++) {
            a.load(RAX, RSI, 8 * j);
            a.store(RBP, local(j), RAX);
        }
        boolean startNext = true;
        for (int pc = 0; pc < code.length; pc++) {
            if (!proof.isInstruction(pc) || !proof.isReached(pc)) {
                continue;
            }
            if (startNext || proof.isBranchTarget(pc)) {
                startSegment(pc);
            }
            int op = code[pc] & 0xFF;
            instruction(op, pc, proof.stackDepth(pc));
            startNext = PolicyCompiler.endsSegment(op);
            previousPc = pc;
        }
        outOfLine();
    }

    /** Charges the segment starting at pc: its instructions up to the one that ends it. */
    private void startSegment(int pc) {
        int n = 0;
        int p = pc;
        while (p < code.length) {
            n++;
            int op = code[p] & 0xFF;
            if (PolicyCompiler.endsSegment(op)) {
                break;
            }
            p += CompilerView.length(code, p);
            if (p < code.length && proof.isBranchTarget(p)) {
                break;
            }
        }
        a.bind(labelAt(pc));
        int stub = a.newLabel();
        if (budgetCount + 3 > budgetStubs.length) {
            int[] g = new int[budgetStubs.length * 2];
            System.arraycopy(budgetStubs, 0, g, 0, budgetCount);
            budgetStubs = g;
        }
        budgetStubs[budgetCount++] = stub;
        budgetStubs[budgetCount++] = pc;
        budgetStubs[budgetCount++] = n;
        a.aluImm(SUB, R13, n, true);
        a.jcc(L, stub);
    }

    private void outOfLine() {
        for (int i = 0; i < budgetCount; i += 3) {
            a.bind(budgetStubs[i]);
            a.aluImm(ADD, R13, budgetStubs[i + 2], true);      /* what was left before the segment */
            a.movImm(RDX, budgetStubs[i + 1]);
            a.movImm(RAX, JitAbi.FAULT_BUDGET);
            a.jmp(faultCommon);
        }
        for (int i = 0; i < divideCount; i += 2) {
            a.bind(divideStubs[i]);
            a.movImm(RDX, divideStubs[i + 1]);
            a.movImm(RAX, JitAbi.FAULT_DIVIDE);
            a.jmp(faultCommon);
        }
        a.bind(depthFault);
        a.movImm(RDX, 0);
        a.movImm(RAX, JitAbi.FAULT_DEPTH);
        a.bind(faultCommon);
        a.store(R12, JitAbi.ID, RAX);
        a.store(R12, JitAbi.PC, RDX);
        a.storeImm(R12, JitAbi.METHOD, mi);
        a.mov(RDI, R12);
        a.movImm(RSI, JitAbi.FAULT);
        a.callMem(R12, JitAbi.YIELD);
        a.ud2();                                               /* a fault is never resumed */
    }

    private void copy(int fromDisp, int toDisp) {
        a.load(RAX, RBP, fromDisp);
        a.store(RBP, toDisp, RAX);
    }

    private void epilogue() {
        a.incDec(R14, false);
        a.leave();
        a.ret();
    }

    // ------------------------------------------------------------------ the templates

    private void instruction(int op, int pc, int sp) {
        switch (op) {
            case 0x00 -> { }                                                     // nop
            case 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08 -> a.storeImm(RBP, stack(sp), op - 0x03);
            case 0x09, 0x0a -> a.storeImm(RBP, stack(sp), op - 0x09);           // lconst
            case 0x10 -> a.storeImm(RBP, stack(sp), code[pc + 1]);               // bipush
            case 0x11 -> a.storeImm(RBP, stack(sp), (short) CompilerView.u2(code, pc + 1));
            case 0x12 -> a.storeImm(RBP, stack(sp), (int) v.number(code[pc + 1] & 0xFF));
            case 0x13 -> a.storeImm(RBP, stack(sp), (int) v.number(CompilerView.u2(code, pc + 1)));
            case 0x14 -> {                                                       // ldc2_w
                a.movImm(RAX, v.number(CompilerView.u2(code, pc + 1)));
                a.store(RBP, stack(sp), RAX);
            }
            case 0x15, 0x16, 0x19 -> copy(local(code[pc + 1] & 0xFF), stack(sp));
            case 0x1a, 0x1b, 0x1c, 0x1d -> copy(local(op - 0x1a), stack(sp));
            case 0x1e, 0x1f, 0x20, 0x21 -> copy(local(op - 0x1e), stack(sp));
            case 0x2a, 0x2b, 0x2c, 0x2d -> copy(local(op - 0x2a), stack(sp));
            case 0x36, 0x3a -> copy(stack(sp - 1), local(code[pc + 1] & 0xFF));
            case 0x37 -> copy(stack(sp - 2), local(code[pc + 1] & 0xFF));
            case 0x3b, 0x3c, 0x3d, 0x3e -> copy(stack(sp - 1), local(op - 0x3b));
            case 0x3f, 0x40, 0x41, 0x42 -> copy(stack(sp - 2), local(op - 0x3f));
            case 0x4b, 0x4c, 0x4d, 0x4e -> copy(stack(sp - 1), local(op - 0x4b));
            case 0x84 -> iinc(code[pc + 1] & 0xFF, code[pc + 2]);
            case 0xc4 -> wide(pc, sp);
            case 0x57, 0x58 -> { }                                               // pop, pop2
            case 0x59 -> copy(stack(sp - 1), stack(sp));                         // dup
            case 0x5a, 0x5b -> shuffle(sp, 1, op - 0x59);                        // dup_x1, dup_x2
            case 0x5c -> {                                                       // dup2
                copy(stack(sp - 2), stack(sp));
                copy(stack(sp - 1), stack(sp + 1));
            }
            case 0x5d, 0x5e -> shuffle(sp, 2, op - 0x5c);                        // dup2_x1, dup2_x2
            case 0x5f -> {                                                       // swap
                a.load(RAX, RBP, stack(sp - 1));
                a.load(RCX, RBP, stack(sp - 2));
                a.store(RBP, stack(sp - 2), RAX);
                a.store(RBP, stack(sp - 1), RCX);
            }
            case 0x85 -> { }                                                     // i2l: ints are kept sign-extended
            case 0x88 -> {                                                       // l2i
                a.loadInt(RAX, RBP, stack(sp - 2));
                a.store(RBP, stack(sp - 2), RAX);
            }
            case 0x91, 0x92, 0x93 -> {                                           // i2b, i2c, i2s
                a.loadNarrow(RAX, RBP, stack(sp - 1), op == 0x91 ? 1 : 2, op != 0x92);
                a.store(RBP, stack(sp - 1), RAX);
            }
            case 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e -> {                         // if<cond> against 0
                a.load(RAX, RBP, stack(sp - 1));
                a.test(RAX, RAX, true);
                a.jcc(condition(op - 0x99), labelAt(CompilerView.branchTarget(code, pc)));
            }
            case 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6 -> {             // if_icmp, if_acmp
                a.load(RAX, RBP, stack(sp - 2));
                a.load(RCX, RBP, stack(sp - 1));
                a.alu(CMP, RAX, RCX, true);
                a.jcc(condition(op >= 0xa5 ? op - 0xa5 : op - 0x9f), labelAt(CompilerView.branchTarget(code, pc)));
            }
            case 0xa7 -> a.jmp(labelAt(CompilerView.branchTarget(code, pc)));
            case 0xc8 -> a.jmp(labelAt(CompilerView.wideBranchTarget(code, pc)));
            case 0xaa -> tableSwitch(pc, sp);
            case 0xab -> lookupSwitch(pc, sp);
            case 0xac -> {                                                       // ireturn
                a.load(RAX, RBP, stack(sp - 1));
                epilogue();
            }
            case 0xad -> {                                                       // lreturn
                a.load(RAX, RBP, stack(sp - 2));
                epilogue();
            }
            case 0xb1 -> {                                                       // return
                a.movImm(RAX, 0);
                epilogue();
            }
            case 0xb6, 0xb7, 0xb8, 0xb9 -> invoke(pc, sp);
            default -> {
                if (!arithmetic.instruction(op, pc, sp)) {
                    throw new PolicyCompiler.NotCompilable(v.name() + "." + v.methodName(mi) + " (bytecode " + pc
                            + "): opcode " + op + " is not compiled");
                }
            }
        }
    }

    /** eq, ne, lt, ge, gt, le as condition codes. */
    private static int condition(int i) {
        return switch (i) {
            case 0 -> E;
            case 1 -> NE;
            case 2 -> L;
            case 3 -> GE;
            case 4 -> G;
            default -> LE;
        };
    }

    private void iinc(int index, int delta) {
        a.load(RAX, RBP, local(index));
        a.aluImm(ADD, RAX, delta, false);
        a.movsxd(RAX, RAX);
        a.store(RBP, local(index), RAX);
    }

    private void wide(int pc, int sp) {
        int inner = code[pc + 1] & 0xFF;
        int index = CompilerView.u2(code, pc + 2);
        switch (inner) {
            case 0x15, 0x16, 0x19 -> copy(local(index), stack(sp));
            case 0x36, 0x3a -> copy(stack(sp - 1), local(index));
            case 0x37 -> copy(stack(sp - 2), local(index));
            default -> iinc(index, (short) CompilerView.u2(code, pc + 4));
        }
    }

    /** The dup_x family, slot by slot as the interpreter does it: k copied slots inserted `depth` further down. */
    private void shuffle(int sp, int k, int depth) {
        for (int i = sp - 1; i >= sp - k - depth; i--) {
            copy(stack(i), stack(i + k));
        }
        for (int i = 0; i < k; i++) {
            copy(stack(sp + i), stack(sp - k - depth + i));
        }
    }

    private void tableSwitch(int pc, int sp) {
        int ops = CompilerView.switchOperands(pc);
        int low = CompilerView.tableLow(code, ops);
        int high = CompilerView.tableHigh(code, ops);
        int dflt = labelAt(pc + CompilerView.switchDefault(code, ops));
        a.load(RAX, RBP, stack(sp - 1));
        a.aluImm(CMP, RAX, low, false);
        a.jcc(L, dflt);
        a.aluImm(CMP, RAX, high, false);
        a.jcc(G, dflt);
        a.aluImm(SUB, RAX, low, false);                   /* 0 .. high-low, zero-extended */
        int table = a.newLabel();
        a.leaLabel(RCX, table);
        a.loadTableEntry(RDX, RCX, RAX);
        a.alu(ADD, RCX, RDX, true);
        a.jmpReg(RCX);
        a.bind(table);
        int base = a.position();
        for (int i = 0; i <= high - low; i++) {
            a.tableEntry(labelAt(pc + CompilerView.tableOffset(code, ops, i)), base);
        }
    }

    /** A balanced tree of compares: O(log n) per decision, as the interpreter's binary search. */
    private void lookupSwitch(int pc, int sp) {
        int ops = CompilerView.switchOperands(pc);
        int n = CompilerView.lookupPairs(code, ops);
        a.load(RAX, RBP, stack(sp - 1));
        searchKeys(pc, ops, 0, n - 1, labelAt(pc + CompilerView.switchDefault(code, ops)));
    }

    private void searchKeys(int pc, int ops, int lo, int hi, int dflt) {
        if (hi - lo < 3) {
            for (int i = lo; i <= hi; i++) {
                a.aluImm(CMP, RAX, CompilerView.lookupKey(code, ops, i), false);
                a.jcc(E, labelAt(pc + CompilerView.lookupOffset(code, ops, i)));
            }
            a.jmp(dflt);
            return;
        }
        int mid = (lo + hi) >>> 1;
        int left = a.newLabel();
        a.aluImm(CMP, RAX, CompilerView.lookupKey(code, ops, mid), false);
        a.jcc(E, labelAt(pc + CompilerView.lookupOffset(code, ops, mid)));
        a.jcc(L, left);
        searchKeys(pc, ops, mid + 1, hi, dflt);
        a.bind(left);
        searchKeys(pc, ops, lo, mid - 1, dflt);
    }

    // ------------------------------------------------------------------ calls

    private void invoke(int pc, int sp) {
        int cp = CompilerView.u2(code, pc + 1);
        int id = v.callId(cp);
        switch (v.callKind(cp)) {
            case CompilerView.CALL_OWN -> {
                int argBase = sp - v.argSlots(id);
                a.lea(RSI, RBP, stack(argBase));
                a.call(methodLabels[id]);
                if (v.returnType(id) != CompilerView.RETURNS_VOID) {
                    a.store(RBP, stack(argBase), RAX);
                }
            }
            case CompilerView.CALL_QUEUE -> callOut(pc, sp, id);
            case CompilerView.CALL_EVENT -> events.call(pc, sp, id);
            case CompilerView.CALL_MAPS -> maps.call(pc, sp, id);
            default -> arithmetic.helper(pc, sp, id);
        }
    }

    /**
     * A run-queue call: arguments into the context, the call's id, method and offset (for a
     * fault's message), then out through the context's call-out entry; the result comes back in
     * rax and replaces the receiver.
     */
    private void callOut(int pc, int sp, int id) {
        queueCalls[0] |= 1 << id;
        if (id == 0 || id == 1 || id == 10) {               /* size(), current(), now(): one load */
            a.load(RAX, R12, id == 0 ? JitAbi.QUEUE_SIZE : id == 1 ? JitAbi.QUEUE_CURRENT : JitAbi.QUEUE_NOW);
            a.store(RBP, stack(sp - 1), RAX);
            return;
        }
        if (id >= JitAbi.FIRST_COLUMN_ID && id <= JitAbi.LAST_COLUMN_ID) {
            /* pid(i) .. sinceRun(i): the column's entry if 0 <= i < size (one unsigned compare);
               otherwise the call itself, so that the run queue reports the bad index */
            int slow = a.newLabel();
            int done = a.newLabel();
            a.load(RAX, RBP, stack(sp - 1));
            a.aluLoad(CMP, RAX, R12, JitAbi.QUEUE_SIZE);
            a.jcc(AE, slow);
            a.load(RCX, R12, JitAbi.COLUMNS + 8 * (id - JitAbi.FIRST_COLUMN_ID));
            a.loadIndexed(RAX, RCX, RAX);
            a.store(RBP, stack(sp - 2), RAX);
            a.jmp(done);
            a.bind(slow);
            yieldCall(pc, sp, id);
            a.bind(done);
            return;
        }
        if (id == JitAbi.SCRATCH_ID || id == JitAbi.SET_SCRATCH_ID) {
            /* scratch(i, slot): the column's entry if both are in range; setScratch(i, slot, v): the
               same entry written, then the call (the run queue keeps the value); out of range: the
               call alone, which reports it */
            boolean set = id == JitAbi.SET_SCRATCH_ID;
            int receiver = sp - (set ? 5 : 3);
            if (!set) {
                queueCalls[2] |= 1 << constantSlot(pc);
            }
            int slow = a.newLabel();
            int done = a.newLabel();
            a.load(RAX, RBP, stack(receiver + 1));
            a.aluLoad(CMP, RAX, R12, JitAbi.QUEUE_SIZE);
            a.jcc(AE, slow);
            a.load(RCX, RBP, stack(receiver + 2));
            a.aluImm(CMP, RCX, JitAbi.SCRATCH_SLOTS, true);
            a.jcc(AE, slow);
            a.lea(RDX, R12, JitAbi.SCRATCH_COLUMNS);
            a.loadIndexed(RDX, RDX, RCX);
            if (set) {
                a.load(RCX, RBP, stack(receiver + 3));
                a.storeIndexed(RDX, RAX, RCX);
                /* the log entry (i, slot, value); a full log: the call-out, which replays it first */
                a.load(RSI, R12, JitAbi.SCRATCH_LOG_COUNT);
                a.aluImm(CMP, RSI, JitAbi.SCRATCH_LOG_ENTRIES, true);
                a.jcc(AE, slow);
                a.lea(RDI, R12, JitAbi.SCRATCH_LOG_INDEX);
                a.storeIndexed(RDI, RSI, RAX);
                a.lea(RDI, R12, JitAbi.SCRATCH_LOG_VALUE);
                a.storeIndexed(RDI, RSI, RCX);
                a.load(RCX, RBP, stack(receiver + 2));
                a.lea(RDI, R12, JitAbi.SCRATCH_LOG_SLOT);
                a.storeIndexed(RDI, RSI, RCX);
                a.incDec(RSI, true);
                a.store(R12, JitAbi.SCRATCH_LOG_COUNT, RSI);
                a.jmp(done);
                a.bind(slow);
                yieldCall(pc, sp, id);
                a.bind(done);
                return;
            }
            a.loadIndexed(RAX, RDX, RAX);
            a.store(RBP, stack(receiver), RAX);
            a.jmp(done);
            a.bind(slow);
            yieldCall(pc, sp, id);
            a.bind(done);
            return;
        }
        if (id == GLOBAL_ID || id == SET_GLOBAL_ID) {
            /* global(slot) and setGlobal(slot, v): the context's copy when 0 <= slot < GLOBAL_SLOTS;
               otherwise the call itself, which reports the bad slot */
            boolean set = id == SET_GLOBAL_ID;
            int receiver = sp - (set ? 4 : 2);
            int slow = a.newLabel();
            int done = a.newLabel();
            a.load(RAX, RBP, stack(receiver + 1));
            a.aluImm(CMP, RAX, oolong.api.sched.RunQueue.GLOBAL_SLOTS, true);
            a.jcc(AE, slow);
            a.lea(RCX, R12, JitAbi.GLOBALS);
            if (set) {
                a.load(RDX, RBP, stack(receiver + 2));
                a.storeIndexed(RCX, RAX, RDX);
            } else {
                a.loadIndexed(RAX, RCX, RAX);
                a.store(RBP, stack(receiver), RAX);
            }
            a.jmp(done);
            a.bind(slow);
            yieldCall(pc, sp, id);
            a.bind(done);
            return;
        }
        if (id == RANDOM_ID) {
            /* random(bound): xorshift64 on the context's copy of the run queue's state, when it lent
               it (RANDOM_INLINE) and bound >= 1; otherwise the call, which draws or reports */
            int slow = a.newLabel();
            int done = a.newLabel();
            a.aluMemImm(CMP, R12, JitAbi.RANDOM_INLINE, 0);
            a.jcc(E, slow);
            a.load(RSI, RBP, stack(sp - 1));
            a.aluImm(CMP, RSI, 1, true);
            a.jcc(L, slow);
            a.load(RAX, R12, JitAbi.RANDOM_STATE);
            xorShift(SHL, 13);
            xorShift(SHR, 7);
            xorShift(SHL, 17);
            a.store(R12, JitAbi.RANDOM_STATE, RAX);
            a.movImm(RDX, 0);
            a.divUnsigned(RSI);
            a.store(RBP, stack(sp - 2), RDX);
            a.jmp(done);
            a.bind(slow);
            yieldCall(pc, sp, id);
            a.bind(done);
            return;
        }
        yieldCall(pc, sp, id);
    }

    /** rax ^= rax shifted by count. */
    private void xorShift(int kind, int count) {
        a.mov(RCX, RAX);
        a.shiftImm(kind, RCX, count, true);
        a.alu(XOR, RAX, RCX, true);
    }

    static final int RANDOM_ID = 15;
    static final int GLOBAL_ID = 13;
    static final int SET_GLOBAL_ID = 14;

    /**
     * The scratch slot a scratch(i, slot) at pc reads, when the compiler can tell: the instruction
     * just before pushed a constant 0..SCRATCH_SLOTS-1 and nothing jumps to pc, so that constant is
     * the slot on every path; else SCRATCH_SLOTS (not known: every slot is copied in).
     */
    private int constantSlot(int pc) {
        if (previousPc < 0 || proof.isBranchTarget(pc)) {
            return JitAbi.SCRATCH_SLOTS;
        }
        int op = code[previousPc] & 0xFF;
        int value = op >= 0x03 && op <= 0x08 ? op - 0x03 : op == 0x10 ? code[previousPc + 1] : -1;
        return value >= 0 && value < JitAbi.SCRATCH_SLOTS ? value : JitAbi.SCRATCH_SLOTS;
    }

    private void yieldCall(int pc, int sp, int id) {
        yieldCall(pc, sp, id, CompilerView.queueMethod(id));
    }

    /** The call through the context's call-out entry (see {@link #callOut}): call-out `id`, descriptor d. */
    void yieldCall(int pc, int sp, int id, String d) {
        int argSlots = 0;
        int close = d.indexOf(')');
        for (int i = d.indexOf('(') + 1; i < close; i++) {
            argSlots += d.charAt(i) == 'J' ? 2 : 1;
        }
        int receiver = sp - argSlots - 1;
        int slot = receiver + 1;
        int field = JitAbi.ARG0;
        for (int i = d.indexOf('(') + 1; i < close; i++) {
            a.load(RAX, RBP, stack(slot));
            a.store(R12, field, RAX);
            field += 8;
            slot += d.charAt(i) == 'J' ? 2 : 1;
        }
        a.storeImm(R12, JitAbi.ID, id);
        a.storeImm(R12, JitAbi.METHOD, mi);
        a.storeImm(R12, JitAbi.PC, pc);
        a.mov(RDI, R12);
        a.movImm(RSI, JitAbi.CALLOUT);
        a.callMem(R12, JitAbi.YIELD);
        if (d.charAt(close + 1) != 'V') {
            a.store(RBP, stack(receiver), RAX);
        }
    }
}
