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
    /** The user image is linked here (boot/src/main/native/user/user.ld). */
    public static final long IMAGE_BASE = 0x4000_0000L;
    /** The user runtime's arena (Java heap + malloc): oolong.boot.ImageSpec.USER_ARENA_BASE. */
    public static final long ARENA_BASE = 0x5000_0000L;
    /** Its size: oolong.boot.ImageSpec.arenaBytes(4 MiB user heap); a boot test keeps them equal. */
    public static final long ARENA_BYTES = 10L << 20;
    /**
     * One past the top of the user stack (the initial RSP): 2 GiB, so that the stack's page table
     * hangs off the same page directory as the image's and the arena's (PDPT[1], [1 GiB, 2 GiB))
     * and a process needs no PDPT and page directory of its own for it (two frames per process).
     */
    public static final long STACK_TOP = 0x8000_0000L;
    public static final long STACK_BYTES = 1L << 20;
    public static final long STACK_BASE = STACK_TOP - STACK_BYTES;
    /** The no-access page just below the stack. */
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
