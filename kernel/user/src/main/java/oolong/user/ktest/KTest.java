package oolong.user.ktest;

import oolong.user.sys.Sys;

/**
 * The in-guest kernel test suite, modelled on Camellia's kernel tests. Every test runs in its
 * own child process, watched by a second child that ends the test if it hangs; a test passes
 * when its process exits 0. Prints "ktest: N passed, N failed" and exits with the failure count.
 *
 * usage: ktest [NAME-SUBSTRING]   (runs only the tests whose name contains it)
 */
public final class KTest {
    /** How long one test may take before the watchdog ends it. */
    static final long TIMEOUT_MS = 20_000;
    static final int WATCHDOG_CODE = 99;

    private KTest() {
    }

    public static int main(String[] args) {
        String filter = args.length > 0 ? args[0] : "";
        int passed = 0;
        int failed = 0;
        long start = Sys.clockNanos();
        System.out.println("ktest: kernel tests in user mode (pid " + Sys.getpid() + ")");
        for (Tests.Case c : Tests.all()) {
            if (!c.name.contains(filter)) {
                continue;
            }
            String verdict = runIsolated(c);
            if (verdict == null) {
                passed++;
                System.out.println("  ok    " + c.name);
            } else {
                failed++;
                System.out.println("  FAIL  " + c.name + ": " + verdict);
            }
        }
        System.out.println("ktest: " + passed + " passed, " + failed + " failed ("
                + (Sys.clockNanos() - start) / 1_000_000 + " ms)");
        return failed;
    }

    /** Runs one test in a child; returns null when it passed, else why not. */
    static String runIsolated(Tests.Case c) {
        long test = Sys.fork(0);
        if (test == 0) {
            int code;
            try {
                c.body.run();
                code = 0;
            } catch (Tests.Failure f) {
                System.out.println("        " + f.getMessage());
                code = 1;
            } catch (Throwable t) {
                System.out.println("        unexpected " + t.getClass().getName() + ": " + t.getMessage());
                code = 2;
            }
            Sys.exit(code);
        }
        if (test < 0) {
            return "fork failed: " + test;
        }
        long watchdog = Sys.fork(0);
        if (watchdog == 0) {
            Sys.sleep(TIMEOUT_MS);
            Sys.exit(WATCHDOG_CODE);
        }
        long first = Sys.await();
        Sys.filicide();                 /* ends whichever of the two is still running */
        long second = Sys.await();
        while (Sys.await() != -1) {
            /* reap anything else the test left behind */
        }
        long code = first == WATCHDOG_CODE ? second : first;
        if (first == WATCHDOG_CODE) {
            return "timed out after " + TIMEOUT_MS + " ms";
        }
        return code == 0 ? null : "test process exited with " + code;
    }
}
