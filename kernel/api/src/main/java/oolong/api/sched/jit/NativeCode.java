package oolong.api.sched.jit;

/**
 * Where compiled code runs: the seam between the machine-independent compiler and the memory and
 * trampoline that run its output. The kernel's implementation (kernel/os, oolong.kernel.arch)
 * maps the bytes into kernel pages, writable and then executable but never both, and calls
 * kernel/jit.S through TeaVM imports; the host tests' runs them in a small C harness built with
 * the same jit.S. Both follow {@link JitAbi}.
 */
public interface NativeCode {
    /**
     * Gives the next run the run queue's read-only values (JitAbi.QUEUE_*): size, current, now, and
     * for each run-queue id i set in `columns`, column i - FIRST_COLUMN_ID of `values`, which
     * holds `stride` longs per column; with bit SCRATCH_ID set, also the scratch columns
     * (SCRATCH_COLUMN + slot), which the code may write. The array must stay as it is until the
     * run ends.
     */
    void setQueue(long size, long current, long now, long[] values, int stride, int columns);

    /**
     * Gives the next run a probe's or a patch's event (JitAbi.EVENT_*): pid, hook, now and the six
     * arguments (`args`, read before this returns; null when the code reads none, which leaves them as they were).
     */
    void setEvent(long pid, long hook, long now, long[] args);

    /**
     * Gives the next run (and its resumes) a probe's or a patch's map memory
     * (FixedMaps.memory(), JitAbi.MAPS_*), updated in place by inline add, get and put; null: none,
     * every maps call goes out. The array must stay as it is until the run ends.
     */
    void setMaps(long[] memory, long mask, long capacity);

    /** Enters the compiled pick with this many instructions of budget; returns a status. */
    int run(long remaining);

    /** Enters a compiled probe's fire or patch's decide (the receiver, the event, the maps); returns a status. */
    int runExtension(long remaining);

    /** Continues after a call-out with its result; returns a status. */
    int resume(long result);

    /** Sets a field of the context ({@link JitAbi} offsets) for the next run or resume. */
    void setField(int offset, long value);

    /** A field of the context ({@link JitAbi} offsets), valid after run or resume returned. */
    long field(int offset);

    /** Gives back the memory (the code pages and the stack). */
    void release();
}
