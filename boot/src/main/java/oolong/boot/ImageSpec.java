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

    /**
     * Base of the user runtime's memory (Java heap and malloc): 1.5 MiB into the 2 MiB range that
     * holds the image's .data and .bss (user.ld) and the stack's top below them, so the GC's
     * tables and the heap's start (its reservation comes first, {@link #userMapBytes}) share one
     * leaf page table with the data and the stack's top (docs/memory.md).
     */
    public static final long USER_ARENA_BASE = 0x4058_0000L;

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
                        "OOLONG_USER_ARENA_BYTES=" + arenaBytes(heapBytes) + "ull",
                        "OOLONG_USER_MAP_BYTES=" + userMapBytes(heapBytes) + "ull"));
    }

    /**
     * The Java heap's reservation at the start of the user arena: what TeaVM maps for a heap of
     * this size (the heap, heap/16 of GC work area, two region tables of about heap/1024 and
     * heap/512), page-rounded each, with room to spare; a reservation that does not fit stops
     * the process at start-up with "out of memory reserving the Java heap".
     */
    public static long userMapBytes(long heapBytes) {
        long bytes = heapBytes + heapBytes / 16 + heapBytes / 256 + (16L << 10);
        return (bytes + 4095) / 4096 * 4096;
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
