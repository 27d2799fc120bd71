package oolong.api.sched.vm;

/**
 * A class file that passed {@link PolicyVerifier}: its methods, which one is {@code pick}, and
 * every call site resolved to its target. Only the verifier creates these, so holding one means
 * the code is safe for {@link PolicyInterpreter} to run.
 */
public final class VerifiedPolicy {
    final ClassFile classFile;
    final String name;
    /** Policy, probe or patch: which interface it implements, which method is its entry. */
    final ExtensionKind kind;
    /** Index of the entry method (pick, fire, decide) in the class's methods. */
    final int pick;
    /** Slots each method's arguments take (the receiver included), by method index. */
    final int[] argSlots;
    /** Each method's result type ({@link Types}: INT, LONG, TOP for void), by method index. */
    final byte[] returns;
    /** Each method-reference constant used by an invoke, resolved ({@link CallTargets}). */
    final int[] targets;

    VerifiedPolicy(ClassFile classFile, String name, ExtensionKind kind, int pick, int[] argSlots, byte[] returns,
            int[] targets) {
        this.classFile = classFile;
        this.name = name;
        this.kind = kind;
        this.pick = pick;
        this.argSlots = argSlots;
        this.returns = returns;
        this.targets = targets;
    }

    /** The class's simple name (for JShell classes, the name the user typed). */
    public String name() {
        return name;
    }

    public ExtensionKind kind() {
        return kind;
    }

    /** The class's internal name, e.g. {@code REPL/$JShell$12$Fair}. */
    public String className() {
        return classFile.name;
    }

    public int methodCount() {
        return classFile.methods.length;
    }

    /**
     * The proofs verification derived, kept only when asked ({@code PolicyVerifier.verify(...,
     * true)}) for a compilation right after, and dropped after it: a large method's proof is
     * hundreds of kilobytes and an installed policy lives long in a small heap.
     */
    MethodProof[] proofs;

    /** What verification proved about method i: the kept proof, else derived again (see {@link MethodProof}). */
    MethodProof proof(int method) {
        MethodProof[] kept = proofs;
        return kept != null && kept[method] != null ? kept[method] : PolicyVerifier.prove(this, method);
    }

    /** Lets the kept proofs go (nothing changes but memory: {@link #proof} derives them again). */
    public void dropProofs() {
        proofs = null;
    }

    /** Total bytes of code over all methods. */
    public int codeBytes() {
        int n = 0;
        for (ClassFile.Method m : classFile.methods) {
            n += m.code == null ? 0 : m.code.length;
        }
        return n;
    }
}
