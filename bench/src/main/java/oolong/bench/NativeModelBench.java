package oolong.bench;

import oolong.kernel.proc.bench.ModelBench;
import org.teavm.interop.Import;
import org.teavm.interop.c.Include;

/**
 * The entry point of the host-native build ({@link NativeBuild}): the process-model benchmark
 * compiled by the kernel's toolchain (TeaVM's C backend, gcc -O2) into a Linux executable, so the
 * same native code runs without an emulator. Argument: the size (full, small, P,N).
 *
 * Never run on a JVM for figures (that would be HotSpot again); TeaVM's runtime has no GC
 * counters to read here, so the lines carry no GC figures.
 */
public final class NativeModelBench implements ModelBench.Platform {
    /** Fixed at build time (NativeBuild passes it to TeaVM as the heap's minimum and maximum). */
    static final long HEAP_BYTES = 128L << 20;

    public static void main(String[] args) {
        boolean ok = ModelBench.run(args.length > 0 ? args[0] : "full", new NativeModelBench());
        exit(ok ? 0 : 1);
    }

    /** The C library's exit (TeaVM 0.16's C class library has no System.exit). */
    @Import(name = "exit") @Include(value = "stdlib.h", isSystem = true)
    private static native void exit(int status);

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void println(String line) {
        System.out.println(line);
    }

    @Override
    public long heapBytes() {
        return HEAP_BYTES;
    }

    @Override
    public long gcCollections() {
        return -1;
    }

    @Override
    public long gcNanos() {
        return -1;
    }

    @Override
    public long gcMaxPauseNanos() {
        return -1;
    }
}
