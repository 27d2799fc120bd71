package oolong.kernel.sched;

/**
 * The share of the CPU the current policy's decisions took over a sliding window (the last
 * {@link #BUCKETS} buckets of window/{@link #BUCKETS} each). The instruction budget bounds one
 * decision; this bounds how much of the machine a policy may spend deciding in all, which is what
 * a policy that decides often (processes that yield or block) would otherwise take.
 *
 * The share's denominator is always the whole window, even just after installation, so a young
 * policy is never judged on a handful of decisions. Allocation-free: it runs on every decision.
 */
public final class CpuShare {
    static final int BUCKETS = 10;

    private final long[] nanos = new long[BUCKETS];
    private final long[] decisions = new long[BUCKETS];
    private long bucketNanos;
    /** Index (time / bucketNanos) of the newest bucket. */
    private long newest;
    private long sumNanos;
    private long sumDecisions;

    public CpuShare(long windowNanos) {
        setWindow(windowNanos);
    }

    public void setWindow(long windowNanos) {
        bucketNanos = Math.max(1, windowNanos / BUCKETS);
        reset(0);
    }

    public long windowNanos() {
        return bucketNanos * BUCKETS;
    }

    /** Forgets everything (a new policy starts with an empty window). */
    public void reset(long now) {
        java.util.Arrays.fill(nanos, 0);
        java.util.Arrays.fill(decisions, 0);
        sumNanos = 0;
        sumDecisions = 0;
        newest = Math.floorDiv(now, bucketNanos);
    }

    /** One decision that took `spent` ns and ended at `now`. */
    public void add(long now, long spent) {
        advance(now);
        int i = (int) Math.floorMod(newest, (long) BUCKETS);
        nanos[i] += spent;
        decisions[i]++;
        sumNanos += spent;
        sumDecisions++;
    }

    /** Decision time within the window ending at `now`. */
    public long nanos(long now) {
        advance(now);
        return sumNanos;
    }

    public long decisions(long now) {
        advance(now);
        return sumDecisions;
    }

    /** Share of the window spent deciding, in percent (0..100 and beyond, when the clock jumped). */
    public long percent(long now) {
        return nanos(now) * 100 / windowNanos();
    }

    private void advance(long now) {
        long target = Math.floorDiv(now, bucketNanos);
        if (target <= newest) {
            return;
        }
        long steps = Math.min(target - newest, BUCKETS);
        for (long s = 1; s <= steps; s++) {
            int i = (int) Math.floorMod(newest + s, (long) BUCKETS);
            sumNanos -= nanos[i];
            sumDecisions -= decisions[i];
            nanos[i] = 0;
            decisions[i] = 0;
        }
        newest = target;
    }
}
