package oolong.repl.api;

/**
 * What REPL snippets start from: the objects bound to {@code k} and {@code vm}, and small helpers.
 * The REPL sets them once the machine is up; snippets run in the same JVM and see the same objects.
 */
public final class Oolong {
    private static volatile Kernel kernel;
    private static volatile Machine machine;
    private static volatile int failedChecks;

    private Oolong() {
    }

    public static void bind(Kernel kernelFacade, Machine machineFacade) {
        kernel = kernelFacade;
        machine = machineFacade;
    }

    /** Called by anything that checks the kernel and finds it wrong; batch mode then exits non-zero. */
    public static void checkFailed() {
        failedChecks++;
    }

    public static int failedChecks() {
        return failedChecks;
    }

    /** Fails the session (in batch mode) unless the condition holds. */
    public static void expect(boolean condition, String what) {
        if (!condition) {
            failedChecks++;
            throw new AssertionError("expectation failed: " + what);
        }
    }

    /** The machine bound as {@code vm}. */
    public static Machine machine() {
        Machine m = machine;
        if (m == null) {
            throw new IllegalStateException("the machine is not running");
        }
        return m;
    }

    /** The kernel bound as {@code k}. */
    public static Kernel kernel() {
        Kernel k = kernel;
        if (k == null) {
            throw new IllegalStateException("the kernel is not connected");
        }
        return k;
    }
}
