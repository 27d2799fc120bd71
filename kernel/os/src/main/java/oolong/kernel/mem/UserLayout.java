package oolong.kernel.mem;

/**
 * Where things go in a user address space (docs/memory.md). The kernel's identity map owns the
 * first GiB; user space is [1 GiB, 128 TiB).
 */
public final class UserLayout {
    public static final long PAGE = 4096;
    /** Lowest user address: everything below is the kernel's (supervisor-only) identity map. */
    public static final long USER_BASE = 0x4000_0000L;
    /** One past the highest user address: the end of the canonical lower half. */
    public static final long USER_TOP = 0x0000_8000_0000_0000L;
    /** The user image is linked here (boot/src/main/native/user/user.ld): its text and read-only data. */
    public static final long IMAGE_BASE = 0x4000_0000L;
    /**
     * Where the image's writable data (.data, .bss) starts (user.ld): 64 KiB into the 2 MiB range
     * [0x4040_0000, 0x4060_0000) that also holds the top 64 KiB of the stack (just below) and the
     * start of the runtime arena (above). What a forked process writes lies there, so one leaf page
     * table of its own covers it (docs/memory.md).
     */
    public static final long DATA_BASE = 0x4041_0000L;
    /** The user runtime's arena (Java heap + malloc): oolong.boot.ImageSpec.USER_ARENA_BASE. */
    public static final long ARENA_BASE = 0x4058_0000L;
    /** Its size: oolong.boot.ImageSpec.arenaBytes(4 MiB user heap); a boot test keeps them equal. */
    public static final long ARENA_BYTES = 10L << 20;
    /**
     * One past the top of the user stack (the initial RSP): the image's writable data starts
     * there, so the stack's top 64 KiB share a leaf page table with the data and the arena's
     * start (and, like them, hang off the page directory of [1 GiB, 2 GiB)).
     */
    public static final long STACK_TOP = DATA_BASE;
    public static final long STACK_BYTES = 1L << 20;
    public static final long STACK_BASE = STACK_TOP - STACK_BYTES;
    /** The no-access page just below the stack (above the image's text and read-only data). */
    public static final long GUARD_BASE = STACK_BASE - PAGE;
    /** Where {@link UserAddressSpace#findFree(long)} starts looking (64 GiB, far above image and arena). */
    public static final long MMAP_BASE = 0x10_0000_0000L;

    private UserLayout() {
    }

    /** Whether the address is canonical (bits 63..47 all equal). */
    public static boolean canonical(long address) {
        long top = address >> 47;
        return top == 0 || top == -1;
    }

    /** Whether [address, address + length) lies inside user space (no overflow). */
    public static boolean inUserSpace(long address, long length) {
        return address >= USER_BASE && address < USER_TOP && length >= 0 && length <= USER_TOP - address;
    }
}
