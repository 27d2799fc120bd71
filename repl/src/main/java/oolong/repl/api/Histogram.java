package oolong.repl.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * A log2 histogram read from a probe's map (keys are buckets, {@code Maps.bucket}), printed as
 * bpftrace prints {@code @hist}: one line per bucket from the lowest to the highest non-empty one,
 * with the range, the count and a bar scaled to the largest count.
 */
public record Histogram(String title, Map<Long, Long> buckets) {
    static final int BAR = 52;

    public Histogram {
        buckets = new TreeMap<>(buckets);
    }

    /** Values counted in all. */
    public long count() {
        return buckets.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("@" + title + ":\n");
        if (buckets.isEmpty()) {
            return out.append("(empty)").toString();
        }
        long max = buckets.values().stream().mapToLong(Long::longValue).max().orElse(1);
        long lo = ((TreeMap<Long, Long>) buckets).firstKey();
        long hi = ((TreeMap<Long, Long>) buckets).lastKey();
        for (long b = lo; b <= hi; b++) {
            long n = buckets.getOrDefault(b, 0L);
            int bar = max <= 0 ? 0 : (int) (n * BAR / max);
            out.append(String.format("%-20s %8d |%s%s|%n", range(b), n, "@".repeat(bar), " ".repeat(BAR - bar)));
        }
        return out.toString().stripTrailing();
    }

    /** bpftrace's labels: [0], [1], [2, 4), [4, 8), ... with K, M, G for powers of 1024. */
    static String range(long bucket) {
        if (bucket < 0) {
            return "(..., 0)";
        }
        if (bucket <= 1) {
            return "[" + bucket + "]";
        }
        return "[" + size(1L << (bucket - 1)) + ", " + (bucket >= 64 ? "..." : size(1L << bucket)) + ")";
    }

    private static String size(long v) {
        String[] units = {"", "K", "M", "G", "T", "P", "E"};
        int u = 0;
        while (v >= 1024 && v % 1024 == 0 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return v + units[u];
    }
}
