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
 * fields except compile-time constants (a policy's state lives in the queue's scratch values) —
 * checked here;
 * <li>integer and long arithmetic, locals, branches and switches, stack shuffles, returns; no
 * allocation, no arrays, no fields, no monitors, no exception handlers or throws, no floating
 * point, no invokedynamic (so no lambdas and no string concatenation) — {@link InstructionSet};
 * <li>calls only to {@code RunQueue}'s methods, the class's own methods and a few pure helpers
 * of {@code Math}, {@code Integer} and {@code Long} — {@link CallTypes};
 * <li>bounded code, stack and locals, branch targets on instruction boundaries, and a data-flow
 * check that every instruction finds the types it needs on the stack and in the locals (the
 * interpreter relies on it and checks nothing of the kind itself) — {@link TypeFlow}, one method
 * at a time, with a type step per instruction family.
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

    private final ClassFile cf;
    private final ExtensionKind kind;
    private final String display;
    private final int[] targets;
    /** Keep each method's proof with the result, for a compiler about to run (see {@link VerifiedPolicy#dropProofs}). */
    private boolean keepProofs;

    private PolicyVerifier(ClassFile cf, ExtensionKind kind) {
        this.cf = cf;
        this.kind = kind;
        this.display = displayName(cf.name);
        this.targets = new int[cf.constantCount()];
    }

    /** Parses and verifies; throws {@link PolicyRejected} with the reason if the class is not allowed. */
    public static VerifiedPolicy verify(byte[] classFile) {
        return verify(classFile, ExtensionKind.POLICY);
    }

    /**
     * Parses and verifies a class as an extension of the given kind (a policy, a probe, a patch):
     * the same rules, with the kind's interface and entry method, and its methods may take only
     * the kind's reference types.
     */
    public static VerifiedPolicy verify(byte[] classFile, ExtensionKind kind) {
        return verify(classFile, kind, false);
    }

    /**
     * As {@link #verify(byte[], ExtensionKind)}; with keepProofs, the result holds the proofs the
     * check derived, so that a compiler run right after does not derive them again (the kernel's
     * install and attach), until {@link VerifiedPolicy#dropProofs()}.
     */
    public static VerifiedPolicy verify(byte[] classFile, ExtensionKind kind, boolean keepProofs) {
        ClassFile cf = ClassFile.parse(classFile);
        PolicyVerifier v = new PolicyVerifier(cf, kind);
        v.keepProofs = keepProofs;
        return v.check();
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

    /**
     * What the data-flow check proves about method `method` of a verified policy: derived again
     * (verification is deterministic), since installed policies do not keep their proofs.
     */
    static MethodProof prove(VerifiedPolicy p, int method) {
        ClassFile.Method m = p.classFile.methods[method];
        if (m.name.equals("<init>")) {
            throw new IllegalArgumentException("the constructor is checked by its shape, not by data flow");
        }
        return new TypeFlow(p.classFile, p.name, m, p.returns, p.returns[method], new int[p.targets.length]).run();
    }

    private VerifiedPolicy check() {
        checkClass();
        int pick = -1;
        for (int i = 0; i < cf.methods.length; i++) {
            ClassFile.Method m = cf.methods[i];
            if (m.name.equals(kind.method) && m.descriptor.equals(kind.descriptor) && !m.isStatic()) {
                pick = i;
            }
        }
        if (pick < 0) {
            throw reject(display + " has no method 'public " + kind.signature + "'");
        }
        int[] argSlots = new int[cf.methods.length];
        byte[] returns = new byte[cf.methods.length];
        for (int i = 0; i < cf.methods.length; i++) {
            ClassFile.Method m = cf.methods[i];
            if (m.name.equals("<clinit>")) {
                throw reject(display + " has a static initialiser; policies may not run code when loaded");
            }
            if ((m.access & (ClassFile.ACC_NATIVE | ClassFile.ACC_ABSTRACT)) != 0 || m.code == null) {
                throw reject(display + "." + m.name + ": native or abstract methods are not allowed");
            }
            if ((m.access & ClassFile.ACC_SYNCHRONIZED) != 0) {
                throw reject(display + "." + m.name + ": synchronized methods are not allowed (policies run without locks)");
            }
            if (m.name.equals("<init>")) {
                checkConstructor(m);
                continue;
            }
            checkReferenceTypes(m);
            byte[] params = Descriptors.parameters(display, m, m.descriptor);
            argSlots[i] = params.length + (m.isStatic() ? 0 : 1);
            returns[i] = Descriptors.returnType(display, m, m.descriptor);
        }
        MethodProof[] proofs = keepProofs ? new MethodProof[cf.methods.length] : null;
        for (int i = 0; i < cf.methods.length; i++) {
            ClassFile.Method m = cf.methods[i];
            if (!m.name.equals("<init>")) {
                MethodProof proof = new TypeFlow(cf, display, m, returns, returns[i], targets).run();
                if (proofs != null) {
                    proofs[i] = proof;
                }
            }
        }
        VerifiedPolicy v = new VerifiedPolicy(cf, display, kind, pick, argSlots, returns, targets);
        v.proofs = proofs;
        return v;
    }

    /** A policy's methods see only the run queue, a probe's or patch's only the event and the maps. */
    private void checkReferenceTypes(ClassFile.Method m) {
        String d = m.descriptor;
        int at = d.indexOf('L');
        while (at >= 0) {
            int end = d.indexOf(';', at);
            if (end < 0) {
                return;     // malformed: Descriptors refuses it with the reason
            }
            String type = d.substring(at + 1, end);
            if (!kind.sees(type) && (type.equals(RUN_QUEUE) || type.equals(ExtensionKind.EVENT)
                    || type.equals(ExtensionKind.MAPS))) {
                throw reject(display + "." + m.name + ": a " + kind.noun + " has no " + dotted(type)
                        + " (" + (kind == ExtensionKind.POLICY ? "policies see the run queue"
                                : "probes and patches see the event and their maps") + ")");
            }
            at = d.indexOf('L', end);
        }
    }

    /** The class as a whole: concrete, extends Object, implements Policy and nothing else, constant fields only. */
    private void checkClass() {
        if ((cf.access & (ClassFile.ACC_INTERFACE | ClassFile.ACC_ABSTRACT)) != 0) {
            throw reject(display + " is an interface or abstract class; a " + kind.noun + " must be a concrete class");
        }
        if (!"java/lang/Object".equals(cf.superName)) {
            throw reject(display + " extends " + dotted(cf.superName) + "; a " + kind.noun + " may only extend Object");
        }
        boolean implementsKind = false;
        for (String i : cf.interfaces) {
            if (i.equals(kind.iface)) {
                implementsKind = true;
            } else {
                throw reject(display + " implements " + dotted(i) + "; a " + kind.noun + " implements only " + dotted(kind.iface));
            }
        }
        if (!implementsKind) {
            throw reject(display + " does not implement " + dotted(kind.iface));
        }
        for (ClassFile.Field f : cf.fields) {
            boolean constant = (f.access & ClassFile.ACC_STATIC) != 0 && (f.access & ClassFile.ACC_FINAL) != 0
                    && f.hasConstantValue;
            if (!constant) {
                throw reject(display + " has a field '" + f.name + "'; a " + kind.noun + " keeps no state in fields"
                        + (kind == ExtensionKind.POLICY
                                ? " (use q.scratch(i, slot) and q.global(slot), which the kernel keeps per process and per policy)"
                                : " (use its maps, m.add/get/put/hist, which the kernel allocates when it is attached)"));
            }
        }
    }

    /** The only constructor allowed is the one javac writes for a class without one. */
    private void checkConstructor(ClassFile.Method m) {
        byte[] c = m.code;
        boolean trivial = m.descriptor.equals("()V") && c.length == 5 && (c[0] & 0xFF) == Opcodes.ALOAD_0
                && (c[1] & 0xFF) == Opcodes.INVOKESPECIAL && (c[4] & 0xFF) == Opcodes.RETURN && m.exceptionHandlers == 0;
        if (trivial) {
            int ref = Bytecode.u2(c, 2);
            trivial = cf.tag(ref) == ClassFile.METHODREF && cf.memberOwner(ref).equals("java/lang/Object")
                    && cf.memberName(ref).equals("<init>") && cf.memberDescriptor(ref).equals("()V");
        }
        if (!trivial) {
            throw reject(display + ": constructors may not do anything; a policy is created by the kernel with no arguments"
                    + " and keeps its state in the run queue's scratch values");
        }
    }

    static String dotted(String internal) {
        return internal == null ? "nothing" : internal.replace('/', '.');
    }

    private static PolicyRejected reject(String message) {
        return new PolicyRejected(message);
    }
}
