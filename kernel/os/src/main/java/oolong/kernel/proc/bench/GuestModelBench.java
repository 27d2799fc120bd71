package oolong.kernel.proc.bench;

import oolong.kernel.log.Log;
import oolong.kernel.platform.Platform;
import oolong.kernel.platform.RuntimeCounters;

/**
 * {@link ModelBench} in the kernel ({@code modelbench} on the command line): the kernel's clock,
 * the serial console, and the runtime's GC counters.
 */
public final class GuestModelBench implements ModelBench.Platform {
    private final Platform platform;
    private final RuntimeCounters gc;
    private final long arenaBytes;

    private GuestModelBench(Platform platform, long arenaBytes) {
        this.platform = platform;
        this.gc = platform.counters();
        this.arenaBytes = arenaBytes;
    }

    /**
     * Runs the benchmark with a size ("full", "small", "P,N") on this machine, whose Java runtime has
     * an arena of arenaBytes; true when the checks passed.
     */
    public static boolean run(String spec, Platform platform, long arenaBytes) {
        return ModelBench.run(spec, new GuestModelBench(platform, arenaBytes));
    }

    @Override
    public long nanoTime() {
        return platform.clockNanos();
    }

    @Override
    public void println(String line) {
        Log.println(line);
    }

    /**
     * The Java heap's size, recovered from the runtime arena's (the inverse of
     * oolong.boot.ImageSpec#arenaBytes; exact for heaps that are a multiple of 2 MiB).
     */
    @Override
    public long heapBytes() {
        long arena = arenaBytes;
        long estimate = (arena - (4L << 20)) * 512 / 545;
        return estimate / (2L << 20) * (2L << 20);     /* the arena was rounded up to 2 MiB */
    }

    @Override
    public long gcCollections() {
        return gc.gcCollections();
    }

    @Override
    public long gcNanos() {
        return gc.gcTotalNanos();
    }

    @Override
    public long gcMaxPauseNanos() {
        return gc.gcMaxPauseNanos();
    }
}
