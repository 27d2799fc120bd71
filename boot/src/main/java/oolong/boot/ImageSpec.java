package oolong.boot;

import java.util.List;

/**
 * What one bootable image is made of: its Java entry point, its fixed Java heap, the native
 * source directories (under boot/src/main/native) compiled beside the generated C, the linker
 * script, whether QEMU needs it converted to a 32-bit ELF container (multiboot -kernel), and
 * whether its blocks count their executions (kernel coverage, oolong.boot.teavm.CoverageTransformer).
 */
public record ImageSpec(String name, String mainClass, long heapBytes, List<String> nativeDirs, String linkerScript,
                        boolean elf32ForMultiboot, List<String> defines, boolean coverage) {

    public ImageSpec(String name, String mainClass, long heapBytes, List<String> nativeDirs, String linkerScript,
                     boolean elf32ForMultiboot, List<String> defines) {
        this(name, mainClass, heapBytes, nativeDirs, linkerScript, elf32ForMultiboot, defines, false);
    }

    /** Base of the user runtime's memory (Java heap and malloc), just above the image's 1 GiB load address. */
    public static final long USER_ARENA_BASE = 0x5000_0000L;

    public static ImageSpec kernel(long heapBytes) {
        return new ImageSpec("kernel", "oolong.kernel.Kernel", heapBytes, List.of("runtime", "kernel"),
                "kernel/kernel.ld", true, List.of("OOLONG_ARENA_BYTES=" + arenaBytes(heapBytes) + "ull"));
    }

    /**
     * The kernel with coverage counters in every basic block (kernel-coverage.elf, and
     * kernel-coverage-map.tsv saying which block is where): what campaigns boot (docs/campaigns.md).
     */
    public static ImageSpec kernelWithCoverage(long heapBytes) {
        ImageSpec k = kernel(heapBytes);
        return new ImageSpec("kernel-coverage", k.mainClass(), heapBytes, k.nativeDirs(), k.linkerScript(), true,
                k.defines(), true);
    }

    public static ImageSpec user(long heapBytes) {
        return new ImageSpec("user", "oolong.user.Main", heapBytes, List.of("runtime", "user"), "user/user.ld", false,
                List.of("OOLONG_USER_ARENA_BASE=" + USER_ARENA_BASE + "ull",
                        "OOLONG_USER_ARENA_BYTES=" + arenaBytes(heapBytes) + "ull"));
    }

    /**
     * Memory the runtime needs for a heap of this size: the heap, the GC's work area and region
     * tables (about heap/16 more), and 4 MiB for malloc; rounded up to 2 MiB.
     */
    public static long arenaBytes(long heapBytes) {
        long bytes = heapBytes + heapBytes / 16 + heapBytes / 512 + (4L << 20);
        long twoMiB = 2L << 20;
        return (bytes + twoMiB - 1) / twoMiB * twoMiB;
    }
}
