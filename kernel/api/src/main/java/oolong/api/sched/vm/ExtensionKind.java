package oolong.api.sched.vm;

/**
 * The kinds of verified code the kernel runs, all with the one verifier and the one interpreter:
 * a scheduling policy, a probe, a patch. A kind names the interface the class must implement
 * (and only it), its entry method, and which reference types its methods may take: a policy sees
 * a run queue, a probe or a patch an event and its maps. Nothing else differs between them.
 */
public final class ExtensionKind {
    public static final String EVENT = "oolong/api/probe/Event";
    public static final String MAPS = "oolong/api/probe/Maps";

    public static final ExtensionKind POLICY = new ExtensionKind("policy", "oolong/api/sched/Policy", "pick",
            "(L" + PolicyVerifier.RUN_QUEUE + ";)I", "int pick(RunQueue q)", "decision");
    public static final ExtensionKind PROBE = new ExtensionKind("probe", "oolong/api/probe/Probe", "fire",
            "(L" + EVENT + ";L" + MAPS + ";)V", "void fire(Event e, Maps m)", "invocation");
    public static final ExtensionKind PATCH = new ExtensionKind("patch", "oolong/api/probe/Patch", "decide",
            "(L" + EVENT + ";L" + MAPS + ";)J", "long decide(Event e, Maps m)", "invocation");

    /** "policy", "probe", "patch". */
    public final String noun;
    /** Internal name of the interface. */
    public final String iface;
    public final String method;
    public final String descriptor;
    /** The entry method as a user writes it, for messages. */
    public final String signature;
    /** What one run is called in budget messages. */
    final String run;

    private ExtensionKind(String noun, String iface, String method, String descriptor, String signature, String run) {
        this.noun = noun;
        this.iface = iface;
        this.method = method;
        this.descriptor = descriptor;
        this.signature = signature;
        this.run = run;
    }

    /** By noun ("policy", "probe", "patch"), or null. */
    public static ExtensionKind named(String noun) {
        if (POLICY.noun.equals(noun)) {
            return POLICY;
        }
        if (PROBE.noun.equals(noun)) {
            return PROBE;
        }
        return PATCH.noun.equals(noun) ? PATCH : null;
    }

    /** Whether this kind's methods may take or call the interface with internal name type. */
    boolean sees(String type) {
        if (this == POLICY) {
            return type.equals(PolicyVerifier.RUN_QUEUE);
        }
        return type.equals(EVENT) || type.equals(MAPS);
    }

    @Override
    public String toString() {
        return noun;
    }
}
