package oolong.kernel.agent;

import java.util.Arrays;
import oolong.kernel.platform.RuntimeCounters;

/**
 * The GC pauses the kernel's runtime records one by one in a ring (boot/src/main/native/runtime/
 * gcstats.c keeps the last 1,024), summarised for the agent's {@code stats}: how many the ring
 * holds, their median, 99th percentile and maximum, and the last one. Percentiles are nearest-rank
 * (the smallest recorded pause with at least p% of the pauses at or below it). Beside them, the
 * time of each phase (mark, sweep, defragmentation) summed over every collection: where pauses go.
 */
public final class GcPauses {
    private GcPauses() {
    }

    /** Nearest-rank percentile of the first n values of a sorted array; -1 when n is 0. */
    static long percentile(long[] sorted, int n, int percent) {
        if (n == 0) {
            return -1;
        }
        int rank = (int) ((n * (long) percent + 99) / 100);
        return sorted[Math.max(1, rank) - 1];
    }

    /** Writes the summary as the object {recorded, ring, p50_ns, p99_ns, max_ns, last_ns, mark_ns, sweep_ns, defrag_ns, compactions}. */
    static void write(JsonWriter out, RuntimeCounters counters) {
        long collections = counters.gcCollections();
        long ring = counters.gcPauseRing();
        long first = Math.max(0, collections - ring);
        long[] pauses = new long[(int) (collections - first)];
        int n = 0;
        for (long i = first; i < collections; i++) {
            long p = counters.gcPauseNanos(i);
            if (p >= 0) {
                pauses[n++] = p;
            }
        }
        long last = n > 0 ? pauses[n - 1] : -1;
        Arrays.sort(pauses, 0, n);
        out.beginObject()
                .field("recorded", n)
                .field("ring", ring)
                .field("p50_ns", percentile(pauses, n, 50))
                .field("p99_ns", percentile(pauses, n, 99))
                .field("max_ns", n > 0 ? pauses[n - 1] : -1)
                .field("last_ns", last)
                .field("mark_ns", counters.gcPhaseNanos(0))
                .field("sweep_ns", counters.gcPhaseNanos(1))
                .field("defrag_ns", counters.gcPhaseNanos(2))
                .field("compactions", counters.gcPhaseNanos(3))
                .endObject();
    }
}
