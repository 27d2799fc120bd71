package oolong.kernel.proc.bench;

import java.util.List;

/**
 * The process-model benchmark compiled to native code: the {@link ProcessModelWorkload} timed with
 * the platform's clock and reported line by line. The kernel runs it with {@code modelbench} on
 * its command line ({@link GuestModelBench}); the bench module also compiles it into a Linux
 * executable (oolong.bench.NativeModelBench), so the same native code runs on the host without an
 * emulator. {@code scripts/bench-model} sets both beside HotSpot's figures (JMH).
 *
 * Sizes: {@code full} forks, kills and reaps 1,000,000 processes and walks a 100,000-node tree
 * (fewer nodes when the heap cannot hold them, with a note); {@code small} 20,000 and 5,000;
 * {@code P,N} P and N. Output, one result per line (the script and ModelBenchIT parse the
 * {@code result} lines; the figures are medians of the runs, each run is printed too):
 * <pre>
 * modelbench: result fork-kill-reap processes=1000000 runs=3 ns/cycle=812.4 checksum=1f2e...
 * modelbench: result walk nodes=100000 walks=10 ms/walk=3.215 checksum=...
 * modelbench: result xorshift iterations=... ns/iter=... value=...
 * modelbench: result chase entries=... steps=... ns/step=... value=...
 * modelbench: check ok
 * modelbench: done in 12345 ms (GC: 12 collections, 345 ms, longest pause 20 ms)
 * </pre>
 */
public final class ModelBench {
    /** What the benchmark needs of where it runs. */
    public interface Platform {
        long nanoTime();

        void println(String line);

        /** The Java heap's size in bytes. */
        long heapBytes();

        /** Garbage collections so far, or -1 when unknown. */
        long gcCollections();

        /** Time spent collecting so far, or -1 when unknown. */
        long gcNanos();

        /** The longest pause so far, or -1 when unknown. */
        long gcMaxPauseNanos();
    }

    public static final int FULL_PROCESSES = 1_000_000;
    public static final int FULL_NODES = 100_000;
    public static final int SMALL_PROCESSES = 20_000;
    public static final int SMALL_NODES = 5_000;

    public static final int RUNS = 3;
    private static final int WALKS = 10;
    private static final long XORSHIFT_ITERATIONS = 50_000_000L;
    private static final int CHASE_ENTRIES = 1 << 20;
    private static final long CHASE_STEPS = 10_000_000L;

    /**
     * Heap to budget per tree node: a process with its scheduler entity, registers and pid-map
     * entry takes about 450 bytes, and the invariant check needs room to walk them; in a 32 MiB
     * heap 40,000 nodes pass and 60,000 run out.
     */
    static final long BYTES_PER_NODE = 1000;

    private ModelBench() {
    }

    /** Parses the size ("full", "small" or "P,N"); null when it makes no sense. */
    static int[] size(String spec) {
        if (spec == null || spec.isEmpty() || spec.equals("full")) {
            return new int[] {FULL_PROCESSES, FULL_NODES};
        }
        if (spec.equals("small")) {
            return new int[] {SMALL_PROCESSES, SMALL_NODES};
        }
        int comma = spec.indexOf(',');
        if (comma < 0) {
            return null;
        }
        try {
            int p = Integer.parseInt(spec.substring(0, comma));
            int n = Integer.parseInt(spec.substring(comma + 1));
            return p >= 1 && n >= 1 ? new int[] {p, n} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The tree size to walk: as asked, except that the default size shrinks to what the heap holds
     * (a multiple of 10,000 nodes). An explicit size is taken as it is.
     */
    static int treeThatFits(String spec, int nodes, long heapBytes) {
        boolean byDefault = spec == null || spec.isEmpty() || spec.equals("full");
        int fits = (int) Math.max(10_000, heapBytes / BYTES_PER_NODE / 10_000 * 10_000);
        return byDefault && nodes > fits ? fits : nodes;
    }

    /** Runs the benchmark; returns true when the checks passed. */
    public static boolean run(String spec, Platform platform) {
        int[] size = size(spec);
        if (size == null) {
            platform.println("modelbench: bad size '" + spec + "' (full, small, or PROCESSES,NODES)");
            return false;
        }
        int processes = size[0];
        int nodes = size[1];
        long heap = platform.heapBytes();
        int fits = treeThatFits(spec, nodes, heap);
        if (fits != nodes) {
            platform.println("modelbench: note: a " + nodes + "-node tree does not fit this " + (heap >> 20)
                    + " MiB heap (about " + BYTES_PER_NODE + " bytes a node with the check); walking " + fits
                    + " nodes instead (scripts/bench-model builds a kernel with a 128 MiB heap)");
            nodes = fits;
        }
        long start = platform.nanoTime();
        long gc0 = platform.gcCollections();
        long gcNanos0 = platform.gcNanos();
        platform.println("modelbench: the process model compiled to native code (heap " + (heap >> 20)
                + " MiB): fork, kill and reap " + processes
                + " processes (bushy subtrees of " + ProcessModelWorkload.SUBTREE + ", " + ProcessModelWorkload.RING
                + " alive at once), walk a " + nodes + "-node tree");

        ProcessModelWorkload w = new ProcessModelWorkload();
        long[] times = new long[RUNS];
        long firstChecksum = 0;
        for (int r = 0; r < RUNS; r++) {
            long g = platform.gcCollections();
            long gn = platform.gcNanos();
            long t0 = platform.nanoTime();
            long sum = w.forkKillReap(processes);
            long t = platform.nanoTime() - t0;
            times[r] = t;
            if (r == 0) {
                firstChecksum = sum;
            }
            platform.println("modelbench: fork-kill-reap run " + (r + 1) + ": " + fixed(t, 1_000_000, 1) + " ms, "
                    + fixed(t, processes, 1) + " ns/cycle" + gcSince(platform, g, gn));
        }
        long median = median(times);
        platform.println("modelbench: result fork-kill-reap processes=" + processes + " runs=" + RUNS + " ns/cycle="
                + fixed(median, processes, 1) + " checksum=" + Long.toHexString(firstChecksum));

        long t0 = platform.nanoTime();
        w.buildTree(nodes);
        long build = platform.nanoTime() - t0;
        platform.println("modelbench: tree of " + nodes + " built in " + fixed(build, 1_000_000, 1) + " ms");
        long[] walks = new long[WALKS];
        long walkChecksum = 0;
        for (int r = 0; r < WALKS; r++) {
            t0 = platform.nanoTime();
            long sum = w.walk();
            walks[r] = platform.nanoTime() - t0;
            if (r == 0) {
                walkChecksum = sum;
            } else if (sum != walkChecksum) {
                platform.println("modelbench: FAIL walk " + (r + 1) + " gave another checksum");
                return false;
            }
        }
        platform.println("modelbench: result walk nodes=" + nodes + " walks=" + WALKS + " ms/walk="
                + fixed(median(walks), 1_000_000, 3) + " checksum=" + Long.toHexString(walkChecksum));
        List<String> v = w.check();
        w.tearDownTree();
        v.addAll(w.check());

        long x0 = platform.nanoTime();
        long x = ProcessModelWorkload.xorshiftLoop(XORSHIFT_ITERATIONS);
        long xt = platform.nanoTime() - x0;
        platform.println("modelbench: result xorshift iterations=" + XORSHIFT_ITERATIONS + " ns/iter="
                + fixed(xt, XORSHIFT_ITERATIONS, 3) + " value=" + Long.toHexString(x));
        int[] cycle = ProcessModelWorkload.chaseCycle(CHASE_ENTRIES);
        long c0 = platform.nanoTime();
        int c = ProcessModelWorkload.chase(cycle, CHASE_STEPS);
        long ct = platform.nanoTime() - c0;
        platform.println("modelbench: result chase entries=" + CHASE_ENTRIES + " steps=" + CHASE_STEPS + " ns/step="
                + fixed(ct, CHASE_STEPS, 3) + " value=" + c);

        if (v.isEmpty()) {
            platform.println("modelbench: check ok");
        } else {
            for (String s : v) {
                platform.println("modelbench: check FAILED: " + s);
            }
        }
        platform.println("modelbench: done in " + fixed(platform.nanoTime() - start, 1_000_000, 0) + " ms"
                + gcSince(platform, gc0, gcNanos0));
        return v.isEmpty();
    }

    /** " (GC: n collections, t ms, longest pause p ms)" since the counts given, or "" when the platform cannot tell. */
    static String gcSince(Platform platform, long collections, long nanos) {
        if (collections < 0 || platform.gcCollections() < 0) {
            return "";
        }
        return " (GC: " + (platform.gcCollections() - collections) + " collections, "
                + fixed(platform.gcNanos() - nanos, 1_000_000, 1) + " ms, longest pause "
                + fixed(platform.gcMaxPauseNanos(), 1_000_000, 1) + " ms)";
    }

    static long median(long[] values) {
        long[] s = values.clone();
        for (int i = 1; i < s.length; i++) {
            long v = s[i];
            int j = i - 1;
            while (j >= 0 && s[j] > v) {
                s[j + 1] = s[j];
                j--;
            }
            s[j + 1] = v;
        }
        return s[s.length / 2];
    }

    /** numerator / denominator with the given number of decimals, rounded, in long arithmetic. */
    static String fixed(long numerator, long denominator, int decimals) {
        long scale = 1;
        for (int i = 0; i < decimals; i++) {
            scale *= 10;
        }
        long scaled = (numerator * scale + denominator / 2) / denominator;
        if (decimals == 0) {
            return Long.toString(scaled);
        }
        String frac = Long.toString(scaled % scale);
        while (frac.length() < decimals) {
            frac = "0" + frac;
        }
        return (scaled / scale) + "." + frac;
    }
}
