package oolong.repl.api;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The kernel checks that failed in one REPL session: {@code k.check()} with violations,
 * {@code k.leakReport(...)} with leaks, {@code k.verifyPages(pid)} with differences, a false
 * {@code Oolong.expect}, {@code Oolong.checkFailed()}. The batch runner compares the count before
 * and after each snippet: a snippet that failed a check ends the script with exit status 2.
 */
public final class Checks {
    private final AtomicInteger failures = new AtomicInteger();

    /** One more check failed. */
    public void recordFailure() {
        failures.incrementAndGet();
    }

    /** How many checks have failed in this session so far. */
    public int failures() {
        return failures.get();
    }

    @Override
    public String toString() {
        return failures() + " failed check(s)";
    }
}
