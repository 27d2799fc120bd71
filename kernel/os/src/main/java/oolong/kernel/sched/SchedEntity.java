package oolong.kernel.sched;

import oolong.api.sched.RunQueue;

/**
 * What the scheduler keeps about one process: identity for policies (pid, parent, depth, filled
 * in by whoever lists the runnable processes), tuning (nice, weight), accounting, and the
 * policy's scratch values.
 */
public final class SchedEntity {
    public int pid;
    public int ppid;
    public int depth;
    public int nice;
    public int weight = 1;
    /** Ticks of CPU the process may use before the next decision (set by the policy; default 1). */
    int slice = 1;
    final long[] scratch = new long[RunQueue.SCRATCH_SLOTS];
    /** The policy generation the scratch values belong to (see Scheduler). */
    long scratchGeneration;

    /** CPU time used, in nanoseconds. */
    public long cpuNanos;
    /** How many times it was picked. */
    public long runs;
    /** Tick when it last ran; -1: never. */
    public long lastRunTick = -1;
    /** Tick when it was created. */
    public long createdTick;
    /** Tick when it last became runnable. */
    public long runnableSinceTick;
    /** Kernel clock (ns) when it last became runnable, and when it last had the CPU (for the watchdog). */
    public long runnableSinceNanos;
    public long lastRanNanos = Long.MIN_VALUE;

    public SchedEntity(int pid, long nowTick) {
        this.pid = pid;
        this.createdTick = nowTick;
        this.runnableSinceTick = nowTick;
    }

    void clearScratch() {
        java.util.Arrays.fill(scratch, 0);
    }
}
