package oolong.api.sched.vm;

/** The line marked "faults here" in HostileExtensions.java, for the compiled corpus's test (oolong.api.sched.jit). */
public final class ExtensionCorpusTestAccess {
    private ExtensionCorpusTestAccess() {
    }

    public static int markedLine(String name) throws Exception {
        return ExtensionCorpusTest.markedLine(name);
    }
}
