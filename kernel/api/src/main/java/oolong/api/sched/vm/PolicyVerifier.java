package oolong.api.sched.vm;

/**
 * Decides whether a class file may run as a scheduling policy, and prepares it for the
 * {@link PolicyInterpreter}.
 *
 * The rules (the same on the host, which explains a rejection before sending, and in the kernel,
 * which trusts nothing it receives):
 * <ul>
 * <li>a class extending Object and implementing {@code oolong.api.sched.Policy}, with a public
 * {@code int pick(RunQueue)}, a constructor that does nothing, no static initialiser and no
 * fields except compile-time constants (a policy's state lives in the queue's scratch values);
 * <li>integer and long arithmetic, locals, branches and switches, stack shuffles, returns; no
 * allocation, no arrays, no fields, no monitors, no exception handlers or throws, no floating
 * point, no invokedynamic (so no lambdas and no string concatenation);
 * <li>calls only to {@code RunQueue}'s methods, the class's own methods and a few pure helpers
 * of {@code Math}, {@code Integer} and {@code Long};
 * <li>bounded code, stack and locals, branch targets on instruction boundaries, and a data-flow
 * check that every instruction finds the types it needs on the stack and in the locals (the
 * interpreter relies on it and checks nothing of the kind itself).
 * </ul>
 * What cannot be decided statically — running time, recursion depth, division by zero, scratch
 * indices — is bounded by the interpreter.
 */
public final class PolicyVerifier {
    public static final String POLICY = "oolong/api/sched/Policy";
    public static final String RUN_QUEUE = "oolong/api/sched/RunQueue";
    public static final String PICK_DESCRIPTOR = "(L" + RUN_QUEUE + ";)I";
    public static final int MAX_CODE = 8192;
    public static final int MAX_STACK = 64;
    public static final int MAX_LOCALS = 64;

    // Types of stack entries and locals, as the data-flow check tracks them.
    static final byte TOP = 0;
    static final byte INT = 1;
    static final byte LONG = 2;
    /** Second half of a long (longs take two slots, as in the JVM). */
    static final byte LONG2 = 3;
    static final byte THIS = 4;
    static final byte QUEUE = 5;

    /** Run-queue methods a policy may call, with their descriptors; the index is the call's id. */
    static final String[] QUEUE_METHODS = {
        "size()I", "current()I", "pid(I)I", "parentPid(I)I", "depth(I)I", "nice(I)I", "weight(I)I",
        "cpuMicros(I)J", "waiting(I)J", "sinceRun(I)J", "now()J", "scratch(II)J", "setScratch(IIJ)V",
        "global(I)J", "setGlobal(IJ)V", "random(I)I", "setSlice(I)V",
    };

    /** Pure static helpers a policy may call; the index is the call's id. */
    static final String[] HELPERS = {
        "java/lang/Math.max(II)I", "java/lang/Math.max(JJ)J", "java/lang/Math.min(II)I", "java/lang/Math.min(JJ)J",
        "java/lang/Math.abs(I)I", "java/lang/Math.abs(J)J", "java/lang/Math.floorMod(II)I",
        "java/lang/Math.floorMod(JJ)J", "java/lang/Math.floorDiv(II)I", "java/lang/Math.floorDiv(JJ)J",
        "java/lang/Integer.compare(II)I", "java/lang/Long.compare(JJ)I", "java/lang/Integer.signum(I)I",
        "java/lang/Long.signum(J)I", "java/lang/Integer.bitCount(I)I", "java/lang/Long.bitCount(J)I",
        "java/lang/Math.floorMod(JI)I", "java/lang/Math.floorDiv(JI)J",
    };

    /** Call targets by constant-pool index: own method i is encoded as OWN + i, and so on. */
    static final int OWN = 1;
    static final int QUEUE_CALL = 1000;
    static final int HELPER_CALL = 2000;

    private final ClassFile cf;
    private final String display;
    private final int[] targets;

    private PolicyVerifier(ClassFile cf) {
        this.cf = cf;
        this.display = displayName(cf.name);
        this.targets = new int[cf.constantCount()];
    }

    /** Parses and verifies; throws {@link PolicyRejected} with the reason if the class is not allowed. */
    public static VerifiedPolicy verify(byte[] classFile) {
        ClassFile cf = ClassFile.parse(classFile);
        return new PolicyVerifier(cf).check();
    }

    /** The name people know the class by: JShell's wrapper prefix and the package are dropped. */
    public static String displayName(String internalName) {
        String n = internalName;
        int slash = n.lastIndexOf('/');
        if (slash >= 0) {
            n = n.substring(slash + 1);
        }
        int dollar = n.lastIndexOf('$');
        if (dollar >= 0 && dollar + 1 < n.length()) {
            n = n.substring(dollar + 1);
        }
        return n;
    }

    private VerifiedPolicy check() {
        if ((cf.access & (ClassFile.ACC_INTERFACE | ClassFile.ACC_ABSTRACT)) != 0) {
            throw reject(display + " is an interface or abstract class; a policy must be a concrete class");
        }
        if (!"java/lang/Object".equals(cf.superName)) {
            throw reject(display + " extends " + dotted(cf.superName) + "; a policy may only extend Object");
        }
        boolean implementsPolicy = false;
        for (String i : cf.interfaces) {
            if (i.equals(POLICY)) {
                implementsPolicy = true;
            } else {
                throw reject(display + " implements " + dotted(i) + "; a policy implements only oolong.api.sched.Policy");
            }
        }
        if (!implementsPolicy) {
            throw reject(display + " does not implement oolong.api.sched.Policy");
        }
        for (ClassFile.Field f : cf.fields) {
            boolean constant = (f.access & ClassFile.ACC_STATIC) != 0 && (f.access & ClassFile.ACC_FINAL) != 0
                    && f.hasConstantValue;
            if (!constant) {
                throw reject(display + " has a field '" + f.name + "'; a policy keeps no state in fields"
                        + " (use q.scratch(i, slot) and q.global(slot), which the kernel keeps per process and per policy)");
            }
        }
        int pick = -1;
        for (int i = 0; i < cf.methods.length; i++) {
            ClassFile.Method m = cf.methods[i];
            if (m.name.equals("pick") && m.descriptor.equals(PICK_DESCRIPTOR) && !m.isStatic()) {
                pick = i;
            }
        }
        if (pick < 0) {
            throw reject(display + " has no method 'public int pick(RunQueue q)'");
        }
        int[] argSlots = new int[cf.methods.length];
        byte[] returns = new byte[cf.methods.length];
        for (int i = 0; i < cf.methods.length; i++) {
            ClassFile.Method m = cf.methods[i];
            if (m.name.equals("<clinit>")) {
                throw reject(display + " has a static initialiser; policies may not run code when loaded");
            }
            if ((m.access & (ClassFile.ACC_NATIVE | ClassFile.ACC_ABSTRACT)) != 0 || m.code == null) {
                throw reject(where(m) + ": native or abstract methods are not allowed");
            }
            if ((m.access & ClassFile.ACC_SYNCHRONIZED) != 0) {
                throw reject(where(m) + ": synchronized methods are not allowed (policies run without locks)");
            }
            if (m.name.equals("<init>")) {
                checkConstructor(m);
                continue;
            }
            byte[] params = parameters(m, m.descriptor);
            argSlots[i] = params.length + (m.isStatic() ? 0 : 1);
            returns[i] = returnType(m, m.descriptor);
        }
        for (int i = 0; i < cf.methods.length; i++) {
            ClassFile.Method m = cf.methods[i];
            if (!m.name.equals("<init>")) {
                new MethodCheck(m, returns, returns[i]).run();
            }
        }
        return new VerifiedPolicy(cf, display, pick, argSlots, returns, targets);
    }

    /** The only constructor allowed is the one javac writes for a class without one. */
    private void checkConstructor(ClassFile.Method m) {
        byte[] c = m.code;
        boolean trivial = m.descriptor.equals("()V") && c.length == 5 && (c[0] & 0xFF) == 0x2a && (c[1] & 0xFF) == 0xb7
                && (c[4] & 0xFF) == 0xb1 && m.exceptionHandlers == 0;
        if (trivial) {
            int ref = ((c[2] & 0xFF) << 8) | (c[3] & 0xFF);
            trivial = cf.tag(ref) == ClassFile.METHODREF && cf.memberOwner(ref).equals("java/lang/Object")
                    && cf.memberName(ref).equals("<init>") && cf.memberDescriptor(ref).equals("()V");
        }
        if (!trivial) {
            throw reject(display + ": constructors may not do anything; a policy is created by the kernel with no arguments"
                    + " and keeps its state in the run queue's scratch values");
        }
    }

    private byte[] parameters(ClassFile.Method m, String desc) {
        byte[] out = new byte[2 * MAX_LOCALS];
        int n = 0;
        int i = 1;
        if (desc.isEmpty() || desc.charAt(0) != '(') {
            throw reject(where(m) + ": malformed descriptor " + desc);
        }
        while (i < desc.length() && desc.charAt(i) != ')') {
            char c = desc.charAt(i);
            if (n + 2 > out.length) {
                throw reject(where(m) + ": too many parameters");
            }
            switch (c) {
                case 'I', 'Z', 'B', 'C', 'S' -> {
                    out[n++] = INT;
                    i++;
                }
                case 'J' -> {
                    out[n++] = LONG;
                    out[n++] = LONG2;
                    i++;
                }
                case 'L' -> {
                    int end = desc.indexOf(';', i);
                    String type = end < 0 ? desc : desc.substring(i + 1, end);
                    if (!type.equals(RUN_QUEUE)) {
                        throw reject(where(m) + ": parameter of type " + dotted(type)
                                + " is not allowed (int, long, boolean, short, char, byte and RunQueue are)");
                    }
                    out[n++] = QUEUE;
                    i = end + 1;
                }
                default -> throw reject(where(m) + ": parameter type '" + c
                        + "' is not allowed (int, long, boolean, short, char, byte and RunQueue are)");
            }
        }
        if (i >= desc.length()) {
            throw reject(where(m) + ": malformed descriptor " + desc);
        }
        byte[] r = new byte[n];
        System.arraycopy(out, 0, r, 0, n);
        return r;
    }

    private byte returnType(ClassFile.Method m, String desc) {
        int close = desc.indexOf(')');
        String r = close < 0 ? "" : desc.substring(close + 1);
        switch (r) {
            case "I", "Z", "B", "C", "S":
                return INT;
            case "J":
                return LONG;
            case "V":
                return TOP;
            default:
                throw reject(where(m) + ": return type " + r + " is not allowed (int, long, boolean, short, char, byte or void)");
        }
    }

    private String where(ClassFile.Method m) {
        return display + "." + m.name;
    }

    private String where(ClassFile.Method m, int pc) {
        int line = m.lineAt(pc);
        return display + "." + m.name + (line >= 0 ? " line " + line : "") + " (bytecode " + pc + ")";
    }

    private static String dotted(String internal) {
        return internal == null ? "nothing" : internal.replace('/', '.');
    }

    private static PolicyRejected reject(String message) {
        return new PolicyRejected(message);
    }

    /** Length of the instruction at pc, or -1 for an opcode policies may not use (with its reason in why). */
    static int length(byte[] code, int pc) {
        int op = code[pc] & 0xFF;
        switch (op) {
            case 0x10, 0x12, 0x15, 0x16, 0x19, 0x36, 0x37, 0x3a:
                return 2;
            case 0x11, 0x13, 0x14, 0x84, 0xb6, 0xb7, 0xb8, 0xa7:
                return 3;
            case 0xb9, 0xc8:
                return 5;
            case 0xaa: {
                int p = (pc + 4) & ~3;
                if (p + 12 > code.length) {
                    return Integer.MAX_VALUE;
                }
                long low = s4(code, p + 4);
                long high = s4(code, p + 8);
                long n = high - low + 1;
                if (n < 1 || n > MAX_CODE) {
                    return Integer.MAX_VALUE;
                }
                return (int) (p + 12 + 4 * n - pc);
            }
            case 0xab: {
                int p = (pc + 4) & ~3;
                if (p + 8 > code.length) {
                    return Integer.MAX_VALUE;
                }
                long n = s4(code, p + 4);
                if (n < 0 || n > MAX_CODE) {
                    return Integer.MAX_VALUE;
                }
                return (int) (p + 8 + 8 * n - pc);
            }
            case 0xc4: {
                if (pc + 1 >= code.length) {
                    return Integer.MAX_VALUE;
                }
                return (code[pc + 1] & 0xFF) == 0x84 ? 6 : 4;
            }
            default:
                if (op >= 0x99 && op <= 0xa6) {
                    return 3;
                }
                return 1;
        }
    }

    static int s4(byte[] c, int p) {
        return ((c[p] & 0xFF) << 24) | ((c[p + 1] & 0xFF) << 16) | ((c[p + 2] & 0xFF) << 8) | (c[p + 3] & 0xFF);
    }

    static int u2(byte[] c, int p) {
        return ((c[p] & 0xFF) << 8) | (c[p + 1] & 0xFF);
    }

    /** Why a JVM opcode is not allowed in a policy, or null if it is allowed. */
    static String forbidden(int op) {
        if (op == 0x00 || (op >= 0x02 && op <= 0x0a) || op == 0x10 || op == 0x11 || (op >= 0x12 && op <= 0x14)) {
            return null;
        }
        if (op == 0x01) {
            return "uses null (aconst_null)";
        }
        if ((op >= 0x0b && op <= 0x0f) || op == 0x17 || op == 0x18 || (op >= 0x22 && op <= 0x29) || op == 0x38
                || op == 0x39 || (op >= 0x43 && op <= 0x4a) || op == 0x62 || op == 0x63 || op == 0x66 || op == 0x67
                || op == 0x6a || op == 0x6b || op == 0x6e || op == 0x6f || op == 0x72 || op == 0x73 || op == 0x76
                || op == 0x77 || op == 0x86 || op == 0x87 || (op >= 0x89 && op <= 0x90) || (op >= 0x95 && op <= 0x98)
                || op == 0xae || op == 0xaf) {
            return "uses floating point (policies compute with int and long)";
        }
        if ((op >= 0x2e && op <= 0x35) || (op >= 0x4f && op <= 0x56) || op == 0xbe) {
            return "uses an array (policies have no arrays; per-process values go in q.scratch)";
        }
        if (op == 0xbb) {
            return "creates an object with 'new' (policies may not allocate)";
        }
        if (op == 0xbc || op == 0xbd || op == 0xc5) {
            return "allocates an array (policies may not allocate)";
        }
        if (op >= 0xb2 && op <= 0xb5) {
            return "reads or writes a field (policies keep state in q.scratch and q.global)";
        }
        if (op == 0xc2 || op == 0xc3) {
            return "uses a monitor (synchronized); policies run without locks";
        }
        if (op == 0xbf) {
            return "throws an exception (policies return a choice; the kernel treats a throw as a fault)";
        }
        if (op == 0xba) {
            return "uses invokedynamic (a lambda, a method reference or string concatenation), which policies cannot";
        }
        if (op == 0xc0 || op == 0xc1) {
            return "uses a cast or instanceof on an object";
        }
        if (op == 0xa8 || op == 0xa9 || op == 0xc9) {
            return "uses jsr/ret subroutines";
        }
        if (op == 0xb0) {
            return "returns an object";
        }
        if (op == 0xc6 || op == 0xc7) {
            return "compares an object with null";
        }
        if (op > 0xc9) {
            return "uses an undefined opcode " + op;
        }
        return null;
    }

    /** The data-flow check of one method. */
    private final class MethodCheck {
        final ClassFile.Method m;
        final byte[] code;
        final byte[] returns;
        final int maxLocals;
        final int maxStack;
        final boolean[] start;
        final byte[][] frames;
        final int[] depths;
        final int[] work;
        int workCount;
        final byte[] cur;
        int sp;
        int pc;

        /** What this method returns (INT, LONG or TOP for void). */
        final byte returnType;

        MethodCheck(ClassFile.Method m, byte[] returns, byte returnType) {
            this.m = m;
            this.code = m.code;
            this.returns = returns;
            this.returnType = returnType;
            this.maxLocals = m.maxLocals;
            this.maxStack = m.maxStack;
            this.start = new boolean[code.length];
            this.frames = new byte[code.length][];
            this.depths = new int[code.length];
            this.work = new int[code.length];
            this.cur = new byte[maxLocals + maxStack];
        }

        void run() {
            if (code.length > MAX_CODE) {
                throw reject(where(m) + " has " + code.length + " bytes of code; the limit is " + MAX_CODE
                        + " (split it into smaller methods)");
            }
            if (maxStack > MAX_STACK || maxLocals > MAX_LOCALS) {
                throw reject(where(m) + " needs " + maxStack + " stack slots and " + maxLocals
                        + " locals; the limits are " + MAX_STACK + " and " + MAX_LOCALS);
            }
            // Pass 1: instruction boundaries and forbidden opcodes, in order, so the first problem is reported.
            for (int p = 0; p < code.length;) {
                int op = code[p] & 0xFF;
                String why = forbidden(op);
                if (why != null) {
                    throw reject(where(m, p) + " " + why);
                }
                if (op == 0xc4 && p + 1 < code.length) {
                    int inner = code[p + 1] & 0xFF;
                    if (inner != 0x15 && inner != 0x16 && inner != 0x19 && inner != 0x36 && inner != 0x37 && inner != 0x3a
                            && inner != 0x84) {
                        throw reject(where(m, p) + ": wide prefix on opcode " + inner);
                    }
                }
                int len = length(code, p);
                if (len <= 0 || len > code.length - p) {
                    throw reject(where(m, p) + ": instruction runs past the end of the code");
                }
                start[p] = true;
                p += len;
            }
            if (m.exceptionHandlers > 0) {
                throw reject(where(m) + " catches exceptions (try/catch/finally); policies may not: a fault ends the policy");
            }
            // Pass 2: data flow from the entry state, merging at branch targets.
            byte[] entry = new byte[maxLocals + maxStack];
            int slot = 0;
            if (!m.isStatic()) {
                entry[slot++] = THIS;
            }
            byte[] params = parameters(m, m.descriptor);
            if (slot + params.length > maxLocals) {
                throw reject(where(m) + ": its parameters need more locals than max_locals " + maxLocals);
            }
            for (byte t : params) {
                entry[slot++] = t;
            }
            for (int i = 0; i < depths.length; i++) {
                depths[i] = -1;
            }
            System.arraycopy(entry, 0, cur, 0, cur.length);
            sp = 0;
            flowTo(0);
            while (workCount > 0) {
                pc = work[--workCount];
                System.arraycopy(frames[pc], 0, cur, 0, cur.length);
                sp = depths[pc];
                step();
            }
        }

        private PolicyRejected bad(String what) {
            return reject(where(m, pc) + ": " + what);
        }

        /** Merges the current state into the state at target; queues it if it changed. */
        void flowTo(int target) {
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
                if (f[i] != cur[i] && f[i] != TOP) {
                    f[i] = TOP;
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

        void push(byte t) {
            if (sp >= maxStack) {
                throw bad("the stack would exceed max_stack " + maxStack);
            }
            cur[maxLocals + sp++] = t;
        }

        void pushType(byte t) {
            if (t == LONG) {
                push(LONG);
                push(LONG2);
            } else if (t != TOP) {
                push(t);
            }
        }

        byte pop() {
            if (sp <= 0) {
                throw bad("pops from an empty stack");
            }
            return cur[maxLocals + --sp];
        }

        void popInt() {
            if (pop() != INT) {
                throw bad("expected an int on the stack");
            }
        }

        void popLong() {
            if (pop() != LONG2 || pop() != LONG) {
                throw bad("expected a long on the stack");
            }
        }

        void popType(byte t) {
            if (t == LONG) {
                popLong();
            } else if (t == INT) {
                popInt();
            } else if (pop() != t) {
                throw bad("expected " + (t == QUEUE ? "the run queue" : "this") + " on the stack");
            }
        }

        byte local(int i) {
            if (i < 0 || i >= maxLocals) {
                throw bad("local " + i + " is outside max_locals " + maxLocals);
            }
            return cur[i];
        }

        void setLocal(int i, byte t) {
            int width = t == LONG ? 2 : 1;
            if (i < 0 || i + width > maxLocals) {
                throw bad("local " + i + " is outside max_locals " + maxLocals);
            }
            if (cur[i] == LONG2 && i > 0) {
                cur[i - 1] = TOP;
            }
            if (cur[i + width - 1] == LONG && i + width < maxLocals) {
                cur[i + width] = TOP;
            }
            cur[i] = t;
            if (t == LONG) {
                cur[i + 1] = LONG2;
            }
        }

        void load(int i, byte want) {
            byte t = local(i);
            if (want == LONG) {
                if (t != LONG || local(i + 1) != LONG2) {
                    throw bad("reads local " + i + " as a long, but it does not hold one");
                }
                push(LONG);
                push(LONG2);
            } else if (want == INT) {
                if (t != INT) {
                    throw bad("reads local " + i + " as an int, but it does not hold one");
                }
                push(INT);
            } else {
                if (t != THIS && t != QUEUE) {
                    throw bad("reads local " + i + " as a reference, but it does not hold one");
                }
                push(t);
            }
        }

        void store(int i, byte want) {
            if (want == LONG) {
                popLong();
                setLocal(i, LONG);
            } else if (want == INT) {
                popInt();
                setLocal(i, INT);
            } else {
                byte t = pop();
                if (t != THIS && t != QUEUE) {
                    throw bad("stores a non-reference with astore");
                }
                setLocal(i, t);
            }
        }

        /** After a raw stack shuffle, halves of a long must still sit together. */
        void checkPairs() {
            for (int i = 0; i < sp; i++) {
                byte t = cur[maxLocals + i];
                if (t == LONG && (i + 1 >= sp || cur[maxLocals + i + 1] != LONG2)) {
                    throw bad("splits a long on the stack");
                }
                if (t == LONG2 && (i == 0 || cur[maxLocals + i - 1] != LONG)) {
                    throw bad("splits a long on the stack");
                }
            }
        }

        /** Raw shuffle: takes the top n entries, inserts copies of the top k of them `depth` entries down. */
        void dup(int k, int depth) {
            if (sp < k + depth) {
                throw bad("stack underflow in dup");
            }
            if (sp + k > maxStack) {
                throw bad("the stack would exceed max_stack " + maxStack);
            }
            int base = maxLocals;
            // ... [depth entries][k entries] -> ... [k entries][depth entries][k entries]
            byte[] top = new byte[k + depth];
            System.arraycopy(cur, base + sp - k - depth, top, 0, k + depth);
            System.arraycopy(top, depth, cur, base + sp - k - depth, k);
            System.arraycopy(top, 0, cur, base + sp - depth, k + depth);
            sp += k;
            checkPairs();
        }

        void step() {
            int op = code[pc] & 0xFF;
            int next = pc + length(code, pc);
            boolean falls = true;
            switch (op) {
                case 0x00 -> {
                }
                case 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x10, 0x11 -> push(INT);
                case 0x09, 0x0a -> pushType(LONG);
                case 0x12, 0x13 -> {
                    int idx = op == 0x12 ? code[pc + 1] & 0xFF : u2(code, pc + 1);
                    int tag = cf.tag(idx);
                    if (tag == ClassFile.STRING) {
                        throw bad("uses a String constant (policies have no strings)");
                    }
                    if (tag != ClassFile.INTEGER) {
                        throw bad("loads a constant that is not an int");
                    }
                    push(INT);
                }
                case 0x14 -> {
                    if (cf.tag(u2(code, pc + 1)) != ClassFile.LONG) {
                        throw bad("loads a constant that is not a long (floating point is not allowed)");
                    }
                    pushType(LONG);
                }
                case 0x15 -> load(code[pc + 1] & 0xFF, INT);
                case 0x16 -> load(code[pc + 1] & 0xFF, LONG);
                case 0x19 -> load(code[pc + 1] & 0xFF, THIS);
                case 0x1a, 0x1b, 0x1c, 0x1d -> load(op - 0x1a, INT);
                case 0x1e, 0x1f, 0x20, 0x21 -> load(op - 0x1e, LONG);
                case 0x2a, 0x2b, 0x2c, 0x2d -> load(op - 0x2a, THIS);
                case 0x36 -> store(code[pc + 1] & 0xFF, INT);
                case 0x37 -> store(code[pc + 1] & 0xFF, LONG);
                case 0x3a -> store(code[pc + 1] & 0xFF, THIS);
                case 0x3b, 0x3c, 0x3d, 0x3e -> store(op - 0x3b, INT);
                case 0x3f, 0x40, 0x41, 0x42 -> store(op - 0x3f, LONG);
                case 0x4b, 0x4c, 0x4d, 0x4e -> store(op - 0x4b, THIS);
                case 0x57 -> {
                    pop();
                    checkPairs();
                    if (sp < maxStack && cur[maxLocals + sp] == LONG2) {
                        throw bad("pops half of a long");
                    }
                }
                case 0x58 -> {
                    pop();
                    pop();
                    if (sp < maxStack && cur[maxLocals + sp] == LONG2) {
                        throw bad("pops half of a long");
                    }
                    checkPairs();
                }
                case 0x59 -> dup(1, 0);
                case 0x5a -> dup(1, 1);
                case 0x5b -> dup(1, 2);
                case 0x5c -> dup(2, 0);
                case 0x5d -> dup(2, 1);
                case 0x5e -> dup(2, 2);
                case 0x5f -> {
                    byte a = pop();
                    byte b = pop();
                    push(a);
                    push(b);
                    checkPairs();
                }
                case 0x60, 0x64, 0x68, 0x6c, 0x70, 0x78, 0x7a, 0x7c, 0x7e, 0x80, 0x82 -> {
                    popInt();
                    popInt();
                    push(INT);
                }
                case 0x61, 0x65, 0x69, 0x6d, 0x71, 0x7f, 0x81, 0x83 -> {
                    popLong();
                    popLong();
                    pushType(LONG);
                }
                case 0x79, 0x7b, 0x7d -> {
                    popInt();
                    popLong();
                    pushType(LONG);
                }
                case 0x74, 0x91, 0x92, 0x93 -> {
                    popInt();
                    push(INT);
                }
                case 0x75 -> {
                    popLong();
                    pushType(LONG);
                }
                case 0x84 -> {
                    if (local(code[pc + 1] & 0xFF) != INT) {
                        throw bad("increments local " + (code[pc + 1] & 0xFF) + ", which does not hold an int");
                    }
                }
                case 0x85 -> {
                    popInt();
                    pushType(LONG);
                }
                case 0x88 -> {
                    popLong();
                    push(INT);
                }
                case 0x94 -> {
                    popLong();
                    popLong();
                    push(INT);
                }
                case 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e -> {
                    popInt();
                    flowTo(pc + (short) u2(code, pc + 1));
                }
                case 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4 -> {
                    popInt();
                    popInt();
                    flowTo(pc + (short) u2(code, pc + 1));
                }
                case 0xa5, 0xa6 -> {
                    byte a = pop();
                    byte b = pop();
                    if ((a != THIS && a != QUEUE) || (b != THIS && b != QUEUE)) {
                        throw bad("compares non-references with if_acmp");
                    }
                    flowTo(pc + (short) u2(code, pc + 1));
                }
                case 0xa7 -> {
                    flowTo(pc + (short) u2(code, pc + 1));
                    falls = false;
                }
                case 0xc8 -> {
                    flowTo(pc + s4(code, pc + 1));
                    falls = false;
                }
                case 0xaa -> {
                    popInt();
                    int p = (pc + 4) & ~3;
                    flowTo(pc + s4(code, p));
                    int n = s4(code, p + 8) - s4(code, p + 4) + 1;
                    for (int i = 0; i < n; i++) {
                        flowTo(pc + s4(code, p + 12 + 4 * i));
                    }
                    falls = false;
                }
                case 0xab -> {
                    popInt();
                    int p = (pc + 4) & ~3;
                    flowTo(pc + s4(code, p));
                    int n = s4(code, p + 4);
                    for (int i = 0; i < n; i++) {
                        if (i > 0 && s4(code, p + 8 + 8 * i) <= s4(code, p + 8 + 8 * (i - 1))) {
                            throw bad("lookupswitch keys are not sorted");
                        }
                        flowTo(pc + s4(code, p + 12 + 8 * i));
                    }
                    falls = false;
                }
                case 0xac -> {
                    if (returnType != INT) {
                        throw bad("returns an int from a method that does not return one");
                    }
                    popInt();
                    falls = false;
                }
                case 0xad -> {
                    if (returnType != LONG) {
                        throw bad("returns a long from a method that does not return one");
                    }
                    popLong();
                    falls = false;
                }
                case 0xb1 -> {
                    if (returnType != TOP) {
                        throw bad("returns nothing from a method that returns a value");
                    }
                    falls = false;
                }
                case 0xb6, 0xb7, 0xb8, 0xb9 -> invoke(op);
                case 0xc4 -> {
                    int inner = code[pc + 1] & 0xFF;
                    int idx = u2(code, pc + 2);
                    switch (inner) {
                        case 0x15 -> load(idx, INT);
                        case 0x16 -> load(idx, LONG);
                        case 0x19 -> load(idx, THIS);
                        case 0x36 -> store(idx, INT);
                        case 0x37 -> store(idx, LONG);
                        case 0x3a -> store(idx, THIS);
                        default -> {
                            if (local(idx) != INT) {
                                throw bad("increments local " + idx + ", which does not hold an int");
                            }
                        }
                    }
                }
                default -> throw bad("opcode " + op + " is not allowed");
            }
            if (falls) {
                if (next >= code.length) {
                    throw bad("execution falls off the end of the code");
                }
                flowTo(next);
            }
        }

        private void invoke(int op) {
            int ref = u2(code, pc + 1);
            int tag = cf.tag(ref);
            if (tag != ClassFile.METHODREF && tag != ClassFile.INTERFACE_METHODREF) {
                throw bad("invokes constant " + ref + ", which is not a method");
            }
            String owner = cf.memberOwner(ref);
            String name = cf.memberName(ref);
            String desc = cf.memberDescriptor(ref);
            String shown = dotted(owner) + "." + name;
            if (op == 0xb9) {
                if (!owner.equals(RUN_QUEUE)) {
                    throw bad("calls " + shown + "; policies may call only RunQueue's methods, their own methods and "
                            + "Math/Integer/Long helpers");
                }
                int id = indexOf(QUEUE_METHODS, name + desc);
                if (id < 0) {
                    throw bad("calls RunQueue." + name + desc + ", which is not part of the policy API");
                }
                int count = code[pc + 3] & 0xFF;
                byte[] params = parameters(m, desc);
                if (count != params.length + 1 || code[pc + 4] != 0) {
                    throw bad("invokeinterface with a wrong argument count");
                }
                popParams(params);
                popType(QUEUE);
                pushType(returnType(m, desc));
                record(ref, QUEUE_CALL + id);
                return;
            }
            if (tag == ClassFile.INTERFACE_METHODREF) {
                throw bad("calls interface method " + shown + " directly");
            }
            if (owner.equals(cf.name)) {
                int target = -1;
                for (int i = 0; i < cf.methods.length; i++) {
                    if (cf.methods[i].name.equals(name) && cf.methods[i].descriptor.equals(desc)) {
                        target = i;
                    }
                }
                if (target < 0 || name.equals("<init>")) {
                    throw bad("calls " + display + "." + name + desc + ", which " + (target < 0 ? "does not exist" : "is a constructor"));
                }
                boolean isStatic = cf.methods[target].isStatic();
                if (isStatic != (op == 0xb8)) {
                    throw bad("calls " + display + "." + name + " with the wrong kind of invoke");
                }
                popParams(parameters(m, desc));
                if (!isStatic) {
                    popType(THIS);
                }
                pushType(returns[target]);
                record(ref, OWN + target);
                return;
            }
            if (op == 0xb8) {
                int id = indexOf(HELPERS, owner + "." + name + desc);
                if (id >= 0) {
                    popParams(parameters(m, desc));
                    pushType(returnType(m, desc));
                    record(ref, HELPER_CALL + id);
                    return;
                }
            }
            throw bad("calls " + shown + "; policies may call only RunQueue's methods, their own methods and "
                    + "Math.max/min/abs/floorMod/floorDiv, Integer/Long.compare/signum/bitCount");
        }

        private void popParams(byte[] params) {
            for (int i = params.length - 1; i >= 0; i--) {
                byte t = params[i];
                if (t == LONG2) {
                    popLong();
                    i--;
                } else {
                    popType(t);
                }
            }
        }

        private void record(int ref, int target) {
            if (targets[ref] != 0 && targets[ref] != target) {
                throw bad("constant " + ref + " is used for two different calls");
            }
            targets[ref] = target;
        }
    }

    static int indexOf(String[] table, String key) {
        for (int i = 0; i < table.length; i++) {
            if (table[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }
}
