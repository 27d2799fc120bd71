package oolong.kernel.proc.bench;

import java.util.List;
import oolong.kernel.Log;
import oolong.kernel.arch.Cpu;

/**
 * The process-model benchmark in the guest ({@code modelbench} on the kernel command line): the
 * {@link ProcessModelWorkload} compiled to native code, timed with the kernel's clock, reported on
 * the serial console. {@code scripts/bench-model} sets these figures beside HotSpot's (JMH).
 *
 * Sizes: {@code modelbench} (or {@code modelbench=full}) forks, kills and reaps 1,000,000
 * processes and walks a 100,000-node tree; {@code modelbench=small} 20,000 and 5,000;
 * {@code modelbench=P,N} P and N. Output, one result per line (the script and ModelBenchIT parse
 * the {@code result} lines):
 * <pre>
 * modelbench: result fork-kill-reap processes=1000000 runs=3 ns/cycle=812.4 checksum=1f2e...
 * modelbench: result walk nodes=100000 walks=10 ms/walk=3.215 checksum=...
 * modelbench: result xorshift iterations=... ns/iter=...
 * modelbench: result chase entries=... steps=... ns/step=...
 * modelbench: check ok
 * modelbench: done in 12345 ms (GC: 12 collections, 345 ms, longest pause 20 ms)
 * </pre>
 * The figures are medians of the runs; each run's time is printed too.
 */
public final class GuestModelBench {
    public static final int FULL_PROCESSES = 1_000_000;
    public static final int FULL_NODES = 100_000;
    public static final int SMALL_PROCESSES = 20_000;
    public static final int SMALL_NODES = 5_000;

    static final int RUNS = 3;
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

    private GuestModelBench() {
    }

    /**
     * The Java heap's size, recovered from the runtime arena's (the inverse of
     * oolong.boot.ImageSpec#arenaBytes; exact for heaps that are a multiple of 2 MiB).
     */
    static long heapBytes() {
        long arena = Cpu.arenaEnd() - Cpu.arenaStart();
        long estimate = (arena - (4L << 20)) * 512 / 545;
        return estimate / (2L << 20) * (2L << 20);     /* the arena was rounded up to 2 MiB */
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

    /** Runs the benchmark; returns true when the checks passed. */
    public static boolean run(String spec) {
        int[] size = size(spec);
        if (size == null) {
            Log.println("modelbench: bad size '" + spec + "' (full, small, or PROCESSES,NODES)");
            return false;
        }
        int processes = size[0];
        int nodes = size[1];
        long heap = heapBytes();
        int fits = (int) (heap / BYTES_PER_NODE / 10_000 * 10_000);
        if ((spec == null || spec.isEmpty() || spec.equals("full")) && nodes > fits) {
            Log.println("modelbench: note: a " + nodes + "-node tree does not fit this kernel's " + (heap >> 20)
                    + " MiB heap (about " + BYTES_PER_NODE + " bytes a node with the check); walking " + fits
                    + " nodes instead (scripts/bench-model builds a kernel with a larger heap)");
            nodes = fits;
        }
        long start = Cpu.clockNanos();
        long gc0 = Cpu.gcCollections();
        long gcNanos0 = Cpu.gcTotalNanos();
        Log.println("modelbench: the process model compiled to native code (heap " + (heap >> 20)
                + " MiB): fork, kill and reap " + processes
                + " processes (bushy subtrees of " + ProcessModelWorkload.SUBTREE + ", " + ProcessModelWorkload.RING
                + " alive at once), walk a " + nodes + "-node tree");

        ProcessModelWorkload w = new ProcessModelWorkload();
        long[] times = new long[RUNS];
        long firstChecksum = 0;
        for (int r = 0; r < RUNS; r++) {
            long g = Cpu.gcCollections();
            long gn = Cpu.gcTotalNanos();
            long t0 = Cpu.clockNanos();
            long sum = w.forkKillReap(processes);
            long t = Cpu.clockNanos() - t0;
            times[r] = t;
            if (r == 0) {
                firstChecksum = sum;
            }
            Log.println("modelbench: fork-kill-reap run " + (r + 1) + ": " + fixed(t, 1_000_000, 1) + " ms, "
                    + fixed(t, processes, 1) + " ns/cycle (" + (Cpu.gcCollections() - g) + " GCs, "
                    + fixed(Cpu.gcTotalNanos() - gn, 1_000_000, 1) + " ms)");
        }
        long median = median(times);
        Log.println("modelbench: result fork-kill-reap processes=" + processes + " runs=" + RUNS + " ns/cycle="
                + fixed(median, processes, 1) + " checksum=" + Long.toHexString(firstChecksum));

        long t0 = Cpu.clockNanos();
        w.buildTree(nodes);
        long build = Cpu.clockNanos() - t0;
        Log.println("modelbench: tree of " + nodes + " built in " + fixed(build, 1_000_000, 1) + " ms");
        long[] walks = new long[WALKS];
        long walkChecksum = 0;
        for (int r = 0; r < WALKS; r++) {
            t0 = Cpu.clockNanos();
            long sum = w.walk();
            walks[r] = Cpu.clockNanos() - t0;
            if (r == 0) {
                walkChecksum = sum;
            } else if (sum != walkChecksum) {
                Log.println("modelbench: FAIL walk " + (r + 1) + " gave another checksum");
                return false;
            }
        }
        Log.println("modelbench: result walk nodes=" + nodes + " walks=" + WALKS + " ms/walk="
                + fixed(median(walks), 1_000_000, 3) + " checksum=" + Long.toHexString(walkChecksum));
        List<String> v = w.check();
        w.tearDownTree();
        v.addAll(w.check());

        long x0 = Cpu.clockNanos();
        long x = ProcessModelWorkload.xorshiftLoop(XORSHIFT_ITERATIONS);
        long xt = Cpu.clockNanos() - x0;
        Log.println("modelbench: result xorshift iterations=" + XORSHIFT_ITERATIONS + " ns/iter="
                + fixed(xt, XORSHIFT_ITERATIONS, 3) + " value=" + Long.toHexString(x));
        int[] cycle = ProcessModelWorkload.chaseCycle(CHASE_ENTRIES);
        long c0 = Cpu.clockNanos();
        int c = ProcessModelWorkload.chase(cycle, CHASE_STEPS);
        long ct = Cpu.clockNanos() - c0;
        Log.println("modelbench: result chase entries=" + CHASE_ENTRIES + " steps=" + CHASE_STEPS + " ns/step="
                + fixed(ct, CHASE_STEPS, 3) + " value=" + c);

        if (v.isEmpty()) {
            Log.println("modelbench: check ok");
        } else {
            for (String s : v) {
                Log.println("modelbench: check FAILED: " + s);
            }
        }
        Log.println("modelbench: done in " + fixed(Cpu.clockNanos() - start, 1_000_000, 0) + " ms (GC: "
                + (Cpu.gcCollections() - gc0) + " collections, " + fixed(Cpu.gcTotalNanos() - gcNanos0, 1_000_000, 0)
                + " ms, longest pause " + fixed(Cpu.gcMaxPauseNanos(), 1_000_000, 1) + " ms)");
        return v.isEmpty();
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
