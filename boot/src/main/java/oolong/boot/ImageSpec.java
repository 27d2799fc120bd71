package oolong.boot;

import java.util.List;

/**
 * What one bootable image is made of: its Java entry point, its fixed Java heap, the native
 * source directories (under boot/src/main/native) compiled beside the generated C, the linker
 * script, and whether QEMU needs it converted to a 32-bit ELF container (multiboot -kernel).
 */
public record ImageSpec(String name, String mainClass, long heapBytes, List<String> nativeDirs, String linkerScript,
                        boolean elf32ForMultiboot, List<String> defines) {

    /** Base of the user runtime's memory (Java heap and malloc), just above the image's 1 GiB load address. */
    public static final long USER_ARENA_BASE = 0x5000_0000L;

    public static ImageSpec kernel(long heapBytes) {
        return new ImageSpec("kernel", "oolong.kernel.Kernel", heapBytes, List.of("runtime", "kernel"),
                "kernel/kernel.ld", true, List.of("OOLONG_ARENA_BYTES=" + arenaBytes(heapBytes) + "ull"));
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
