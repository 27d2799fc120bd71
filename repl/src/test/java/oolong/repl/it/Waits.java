package oolong.repl.it;

import java.util.function.BooleanSupplier;
import oolong.repl.api.Kernel;

/** Waiting for the live kernel to reach a state, with the process tree in the failure message. */
final class Waits {
    static final long DEADLINE_NANOS = 20_000_000_000L;

    private Waits() {
    }

    static void until(Kernel k, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what + "\n" + k.ps());
            }
            Thread.sleep(20);
        }
    }
}
