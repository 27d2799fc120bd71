package oolong.kernel.proc.bench;

import oolong.kernel.Log;
import oolong.kernel.arch.Cpu;

/**
 * {@link ModelBench} in the kernel ({@code modelbench} on the command line): the kernel's clock,
 * the serial console, and the runtime's GC counters.
 */
public final class GuestModelBench implements ModelBench.Platform {
    private GuestModelBench() {
    }

    /** Runs the benchmark with a size ("full", "small", "P,N"); true when the checks passed. */
    public static boolean run(String spec) {
        return ModelBench.run(spec, new GuestModelBench());
    }

    @Override
    public long nanoTime() {
        return Cpu.clockNanos();
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
        long arena = Cpu.arenaEnd() - Cpu.arenaStart();
        long estimate = (arena - (4L << 20)) * 512 / 545;
        return estimate / (2L << 20) * (2L << 20);     /* the arena was rounded up to 2 MiB */
    }

    @Override
    public long gcCollections() {
        return Cpu.gcCollections();
    }

    @Override
    public long gcNanos() {
        return Cpu.gcTotalNanos();
    }

    @Override
    public long gcMaxPauseNanos() {
        return Cpu.gcMaxPauseNanos();
    }
}
