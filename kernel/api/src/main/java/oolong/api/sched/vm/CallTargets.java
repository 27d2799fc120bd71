package oolong.api.sched.vm;

/**
 * What a policy may call, and how the verifier hands a resolved call to the interpreter: each
 * method-reference constant used by an invoke becomes one int in {@link VerifiedPolicy#targets},
 * so the interpreter dispatches a call with an array read and never looks at a name.
 */
final class CallTargets {
    /** The class's own method i is encoded as OWN + i. */
    static final int OWN = 1;
    /** RunQueue method {@link #QUEUE_METHODS}[i] is encoded as QUEUE_CALL + i. */
    static final int QUEUE_CALL = 1000;
    /** Helper {@link #HELPERS}[i] is encoded as HELPER_CALL + i. */
    static final int HELPER_CALL = 2000;
    /** Event method {@link #EVENT_METHODS}[i] is encoded as EVENT_CALL + i. */
    static final int EVENT_CALL = 3000;
    /** Maps method {@link #MAPS_METHODS}[i] is encoded as MAPS_CALL + i. */
    static final int MAPS_CALL = 4000;

    /** Run-queue methods a policy may call, with their descriptors; the index is the call's id ({@link QueueCalls}). */
    static final String[] QUEUE_METHODS = {
        "size()I", "current()I", "pid(I)I", "parentPid(I)I", "depth(I)I", "nice(I)I", "weight(I)I",
        "cpuMicros(I)J", "waiting(I)J", "sinceRun(I)J", "now()J", "scratch(II)J", "setScratch(IIJ)V",
        "global(I)J", "setGlobal(IJ)V", "random(I)I", "setSlice(I)V",
    };

    /** Event methods a probe or patch may call; the index is the call's id ({@link ExtensionCalls}). */
    static final String[] EVENT_METHODS = {"pid()I", "arg(I)J", "now()J", "hook()I", "nanos()J"};

    /** Maps methods a probe or patch may call; the index is the call's id ({@link ExtensionCalls}). */
    static final String[] MAPS_METHODS = {"add(IJJ)V", "get(IJ)J", "put(IJJ)V", "hist(IJ)V", "hist(IJJ)V"};

    /** Pure static helpers a policy may call; the index is the call's id ({@link HelperCalls}). */
    static final String[] HELPERS = {
        "java/lang/Math.max(II)I", "java/lang/Math.max(JJ)J", "java/lang/Math.min(II)I", "java/lang/Math.min(JJ)J",
        "java/lang/Math.abs(I)I", "java/lang/Math.abs(J)J", "java/lang/Math.floorMod(II)I",
        "java/lang/Math.floorMod(JJ)J", "java/lang/Math.floorDiv(II)I", "java/lang/Math.floorDiv(JJ)J",
        "java/lang/Integer.compare(II)I", "java/lang/Long.compare(JJ)I", "java/lang/Integer.signum(I)I",
        "java/lang/Long.signum(J)I", "java/lang/Integer.bitCount(I)I", "java/lang/Long.bitCount(J)I",
        "java/lang/Math.floorMod(JI)I", "java/lang/Math.floorDiv(JI)J",
    };

    private CallTargets() {
    }

    /** The run-queue method's name without its descriptor, for fault messages. */
    static String queueMethodName(int id) {
        return methodName(QUEUE_METHODS, id);
    }

    static String methodName(String[] table, int id) {
        return table[id].substring(0, table[id].indexOf('('));
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
