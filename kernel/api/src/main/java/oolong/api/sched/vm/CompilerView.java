package oolong.api.sched.vm;

/**
 * A read-only view of a {@link VerifiedPolicy} and of what the verifier proved about it, for a
 * compiler of verified code outside this package ({@code oolong.api.sched.jit}). It adds nothing
 * to the verifier or the interpreter: it only exposes, under names a compiler needs, what they
 * already keep package-private — the methods' code and frame sizes, how each call site was
 * resolved, each method's {@link MethodProof} (instruction starts, reached code, branch targets,
 * stack depths), the decoder's operand readers, and the interpreter's fault messages, so that
 * compiled code reports a fault in exactly the words the interpreter uses.
 */
public final class CompilerView {
    /** What a resolved call site calls ({@link #callKind}). */
    public static final int CALL_OWN = 0;
    public static final int CALL_QUEUE = 1;
    public static final int CALL_HELPER = 2;
    /** A probe's or a patch's call to its event or its maps ({@link #eventMethod}, {@link #mapsMethod}). */
    public static final int CALL_EVENT = 3;
    public static final int CALL_MAPS = 4;
    /** A method's result ({@link #returnType}). */
    public static final int RETURNS_VOID = 0;
    public static final int RETURNS_INT = 1;
    public static final int RETURNS_LONG = 2;

    private final VerifiedPolicy p;

    public CompilerView(VerifiedPolicy policy) {
        this.p = policy;
    }

    public String name() {
        return p.name;
    }

    public int methodCount() {
        return p.classFile.methods.length;
    }

    /** Index of pick among the methods. */
    public int pick() {
        return p.pick;
    }

    public String methodName(int mi) {
        return p.classFile.methods[mi].name;
    }

    /** The method's bytecode, or null for one without code (the verifier allows none to be called). */
    public byte[] code(int mi) {
        return p.classFile.methods[mi].code;
    }

    public int maxLocals(int mi) {
        return p.classFile.methods[mi].maxLocals;
    }

    public int maxStack(int mi) {
        return p.classFile.methods[mi].maxStack;
    }

    /** Slots the method's arguments take, the receiver included (a long takes two). */
    public int argSlots(int mi) {
        return p.argSlots[mi];
    }

    public int returnType(int mi) {
        byte r = p.returns[mi];
        return r == Types.INT ? RETURNS_INT : r == Types.LONG ? RETURNS_LONG : RETURNS_VOID;
    }

    /** The int or long value of constant-pool entry i (ldc, ldc_w, ldc2_w). */
    public long number(int i) {
        return p.classFile.number(i);
    }

    /** What the invoke naming constant-pool entry cp calls: CALL_OWN, CALL_QUEUE, CALL_HELPER, CALL_EVENT or CALL_MAPS. */
    public int callKind(int cp) {
        int t = p.targets[cp];
        return t >= CallTargets.MAPS_CALL ? CALL_MAPS : t >= CallTargets.EVENT_CALL ? CALL_EVENT
                : t >= CallTargets.HELPER_CALL ? CALL_HELPER : t >= CallTargets.QUEUE_CALL ? CALL_QUEUE : CALL_OWN;
    }

    /** The method index, run-queue method id, helper id, event or maps method id the invoke naming cp calls. */
    public int callId(int cp) {
        int t = p.targets[cp];
        return t >= CallTargets.MAPS_CALL ? t - CallTargets.MAPS_CALL : t >= CallTargets.EVENT_CALL ? t - CallTargets.EVENT_CALL
                : t >= CallTargets.HELPER_CALL ? t - CallTargets.HELPER_CALL
                : t >= CallTargets.QUEUE_CALL ? t - CallTargets.QUEUE_CALL : t - CallTargets.OWN;
    }

    /** Policy, probe or patch. */
    public ExtensionKind kind() {
        return p.kind;
    }

    /** The event method with this id, with its descriptor, e.g. {@code arg(I)J}. */
    public static String eventMethod(int id) {
        return CallTargets.EVENT_METHODS[id];
    }

    /** The maps method with this id, with its descriptor, e.g. {@code add(IJJ)V}. */
    public static String mapsMethod(int id) {
        return CallTargets.MAPS_METHODS[id];
    }

    /** The run-queue method with this id, with its descriptor, e.g. {@code pid(I)I}. */
    public static String queueMethod(int id) {
        return CallTargets.QUEUE_METHODS[id];
    }

    /** The helper with this id, e.g. {@code java/lang/Math.floorMod(II)I}. */
    public static String helper(int id) {
        return CallTargets.HELPERS[id];
    }

    // ------------------------------------------------------------------ the proof

    /** What the verifier proved about method mi (derived again, as for the interpreter's tests). */
    public Proof proof(int mi) {
        return new Proof(p.proof(mi));
    }

    /** {@link MethodProof}, readable from outside the package. */
    public static final class Proof {
        private final MethodProof m;

        Proof(MethodProof m) {
            this.m = m;
        }

        public boolean isInstruction(int pc) {
            return m.isInstruction(pc);
        }

        public boolean isReached(int pc) {
            return m.isReached(pc);
        }

        public boolean isBranchTarget(int pc) {
            return m.isBranchTarget(pc);
        }

        /** Stack slots in use on entry to pc (a long counts two); -1 if not reached. */
        public int stackDepth(int pc) {
            return m.stackDepth(pc);
        }
    }

    // ------------------------------------------------------------------ the decoder

    public static int length(byte[] code, int pc) {
        return Bytecode.length(code, pc);
    }

    public static int u2(byte[] code, int pc) {
        return Bytecode.u2(code, pc);
    }

    public static int branchTarget(byte[] code, int pc) {
        return Bytecode.branchTarget(code, pc);
    }

    public static int wideBranchTarget(byte[] code, int pc) {
        return Bytecode.wideBranchTarget(code, pc);
    }

    public static int switchOperands(int pc) {
        return Bytecode.switchOperands(pc);
    }

    public static int switchDefault(byte[] code, int operands) {
        return Bytecode.switchDefault(code, operands);
    }

    public static int tableLow(byte[] code, int operands) {
        return Bytecode.tableLow(code, operands);
    }

    public static int tableHigh(byte[] code, int operands) {
        return Bytecode.tableHigh(code, operands);
    }

    public static int tableOffset(byte[] code, int operands, int i) {
        return Bytecode.tableOffset(code, operands, i);
    }

    public static int lookupPairs(byte[] code, int operands) {
        return Bytecode.lookupPairs(code, operands);
    }

    public static int lookupKey(byte[] code, int operands, int i) {
        return Bytecode.lookupKey(code, operands, i);
    }

    public static int lookupOffset(byte[] code, int operands, int i) {
        return Bytecode.lookupOffset(code, operands, i);
    }

    // ------------------------------------------------------------------ faults, in the interpreter's words

    /** A fault at bytecode pc of method mi, worded as {@link PolicyInterpreter} words it. */
    public PolicyFault fault(int mi, int pc, String what) {
        ClassFile.Method m = p.classFile.methods[mi];
        int line = m.lineAt(pc);
        return new PolicyFault(p.name + "." + m.name + (line >= 0 ? " line " + line : "") + " (bytecode " + pc + ") " + what);
    }

    public static String budgetMessage(long budget) {
        return budgetMessage(budget, ExtensionKind.POLICY);
    }

    /** The budget fault for this kind's run: "decision" for a policy, "invocation" for a probe or a patch. */
    public static String budgetMessage(long budget, ExtensionKind kind) {
        return "used up its budget of " + budget + " instructions in one " + kind.run + " (an endless loop?)";
    }

    public static String depthMessage() {
        return "recursed deeper than " + PolicyInterpreter.MAX_DEPTH + " calls";
    }

    public static String divideByZeroMessage() {
        return "divides by zero";
    }

    /** An event call (maps: false) or a maps call (true) that threw: the interpreter's wording (ExtensionCalls). */
    public static String badExtensionArgumentMessage(boolean maps, int id, RuntimeException e) {
        String msg = e.getMessage();
        return "passed a bad argument to " + (maps ? "m." : "e.")
                + CallTargets.methodName(maps ? CallTargets.MAPS_METHODS : CallTargets.EVENT_METHODS, id) + ": "
                + (msg == null ? e.getClass().getName() : msg);
    }

    /** A run-queue call that threw: the interpreter's wording, with the exception's message. */
    public static String badArgumentMessage(int queueId, RuntimeException e) {
        String msg = e.getMessage();
        return "passed a bad argument to q." + CallTargets.queueMethodName(queueId) + ": "
                + (msg == null ? e.getClass().getName() : msg);
    }
}
