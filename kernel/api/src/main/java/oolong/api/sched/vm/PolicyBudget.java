package oolong.api.sched.vm;

/**
 * How many instructions one decision of an interpreted policy may take. The budget bounds a
 * decision's time only because every instruction the interpreter runs is cheap (no instruction's
 * cost grows with its input: a lookupswitch is a binary search, a run-queue call O(1)); so the
 * largest budget is chosen to keep one decision well under a tick.
 */
public final class PolicyBudget {
    /**
     * The largest budget at 100 Hz or slower. The costliest instructions (run-queue calls, calls
     * between the policy's methods, a lookupswitch's search) take up to ~90 ns under QEMU's TCG on
     * the shared development host, so a decision stays under ~2 ms, a fifth of a 10 ms tick
     * (docs/scheduler.md and perf.md have the measurements). At a faster timer it shrinks with the tick.
     */
    public static final long MAX = 20_000;
    public static final long MIN = 100;
    public static final long DEFAULT = 10_000;

    private PolicyBudget() {
    }

    /** The largest budget allowed with a timer of `hz` ticks per second: one decision well under a tick. */
    public static long max(int hz) {
        return hz <= 100 ? MAX : Math.max(MIN, MAX * 100 / hz);
    }

    /** The budget a policy gets when none is asked for, with a timer of `hz`. */
    public static long defaultFor(int hz) {
        return Math.min(DEFAULT, max(hz));
    }
}
