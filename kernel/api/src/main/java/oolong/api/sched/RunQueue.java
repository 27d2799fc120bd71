package oolong.api.sched;

/**
 * What a {@link Policy} sees of the runnable processes: index i in [0, size()), in the order of
 * the process tree (pre-order, as the seed walks it). Times are in timer ticks unless named
 * otherwise. The only things a policy may change are the scratch values and the time slice.
 */
public interface RunQueue {
    /** Per-process scratch values: slots 0..SCRATCH_SLOTS-1. */
    int SCRATCH_SLOTS = 4;
    /** Global scratch values: slots 0..GLOBAL_SLOTS-1. */
    int GLOBAL_SLOTS = 8;

    /** Number of runnable processes (at least 1 when pick is called). */
    int size();

    /** Index of the process that ran last if it is still runnable, else -1. */
    int current();

    int pid(int i);

    int parentPid(int i);

    /** Depth in the process tree: init is 0. */
    int depth(int i);

    /** Nice value, -20 (most favoured) .. 19; 0 by default. */
    int nice(int i);

    /** Weight (tickets) for proportional-share policies, at least 1; 1 by default. */
    int weight(int i);

    /** CPU time the process has used, in microseconds. */
    long cpuMicros(int i);

    /** Ticks since the process last became runnable. */
    long waiting(int i);

    /** Ticks since the process last ran (since it was created if it never ran). */
    long sinceRun(int i);

    /** Current time in ticks since the timer started. */
    long now();

    long scratch(int i, int slot);

    void setScratch(int i, int slot, long value);

    long global(int slot);

    void setGlobal(int slot, long value);

    /** A pseudo-random number in [0, bound) from the kernel's generator (bound >= 1). */
    int random(int bound);

    /** Sets the time slice, in ticks, of the process about to be picked (default: 1). */
    void setSlice(int ticks);
}
