package oolong.kernel.sched;

/**
 * Which process ran when: a ring of the last {@link #CAPACITY} runs (start tick, pid), kept without
 * allocating, so that the REPL can draw how a policy swap changed the schedule.
 */
public final class Timeline {
    public static final int CAPACITY = 16384;

    private final long[] ticks = new long[CAPACITY];
    private final int[] pids = new int[CAPACITY];
    private long count;

    /** Records that pid starts running at this tick (0: the CPU idles; consecutive runs of one pid are merged). */
    public void record(long tick, int pid) {
        if (count > 0) {
            int last = (int) ((count - 1) % CAPACITY);
            if (pids[last] == pid) {
                return;
            }
        }
        int i = (int) (count % CAPACITY);
        ticks[i] = tick;
        pids[i] = pid;
        count++;
    }

    public long count() {
        return count;
    }

    /** Entries from index `from` (0 = the first ever recorded) that are still kept. */
    public long oldest() {
        return Math.max(0, count - CAPACITY);
    }

    /** Where a read asked to start at `since` begins: within [oldest, count], whatever `since` is. */
    public long windowStart(long since) {
        return Math.max(oldest(), Math.min(since, count));
    }

    /** Where a read from `from` (a {@link #windowStart}) of at most `max` runs ends: the next read's start. */
    public long windowEnd(long from, int max) {
        return from + Math.min(max, count - from);
    }

    public long tickAt(long index) {
        return ticks[(int) (index % CAPACITY)];
    }

    public int pidAt(long index) {
        return pids[(int) (index % CAPACITY)];
    }
}
