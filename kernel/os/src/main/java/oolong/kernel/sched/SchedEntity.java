package oolong.kernel.sched;

/**
 * What the scheduler keeps about one process: identity for policies (pid, parent, depth, filled
 * in by whoever lists the runnable processes), tuning (nice, weight), accounting, and the
 * policy's scratch values. Not final: a process is its own entity (oolong.kernel.proc.Process
 * extends it, saving an object per process); the scheduler and its tests use it alone.
 */
public class SchedEntity {
    public int pid;
    public int ppid;
    public int depth;
    public int nice;
    public int weight = 1;
    /** Ticks of CPU the process may use before the next decision (set by the policy; default 1). */
    int slice = 1;
    /*
     * The policy's RunQueue.SCRATCH_SLOTS (4) scratch values, as fields rather than an array: one
     * object fewer per process to allocate, zero, mark and move (issue 16's process-model cost).
     */
    private long scratch0;
    private long scratch1;
    private long scratch2;
    private long scratch3;
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
        scratch0 = 0;
        scratch1 = 0;
        scratch2 = 0;
        scratch3 = 0;
    }

    /** A scratch value; the slot is checked by the caller (0 to RunQueue.SCRATCH_SLOTS - 1). */
    long scratch(int slot) {
        switch (slot) {
            case 0: return scratch0;
            case 1: return scratch1;
            case 2: return scratch2;
            default: return scratch3;
        }
    }

    void setScratch(int slot, long value) {
        switch (slot) {
            case 0: scratch0 = value; break;
            case 1: scratch1 = value; break;
            case 2: scratch2 = value; break;
            default: scratch3 = value; break;
        }
    }
}
