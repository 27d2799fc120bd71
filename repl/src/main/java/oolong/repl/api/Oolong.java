package oolong.repl.api;

/**
 * What REPL snippets start from: the objects bound to {@code k} and {@code vm}, and small helpers
 * for scripts. Each call acts on the session of the snippet making it ({@link SnippetContext}): a
 * failed expectation fails that session's batch script, and nothing is shared between sessions.
 */
public final class Oolong {
    private Oolong() {
    }

    /** Counts a failed check in this session: a batch script then exits with 2. */
    public static void checkFailed() {
        SnippetContext.current().checks().recordFailure();
    }

    /** How many checks have failed in this session so far. */
    public static int failedChecks() {
        return SnippetContext.current().checks().failures();
    }

    /** Fails the session (in batch mode, exit status 2) unless the condition holds. */
    public static void expect(boolean condition, String what) {
        if (!condition) {
            SnippetContext.current().checks().recordFailure();
            throw new AssertionError("expectation failed: " + what);
        }
    }

    /** The machine bound as {@code vm}. */
    public static Machine machine() {
        return SnippetContext.current().machine();
    }

    /** The kernel bound as {@code k}. */
    public static Kernel kernel() {
        return SnippetContext.current().kernel();
    }
}
