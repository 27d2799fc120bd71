package oolong.kernel.mem;

import oolong.kernel.platform.PhysicalMemory;

/**
 * A user address space's page-table tree as a whole: copied for fork, freed with the address
 * space, and the leaf tables a fork shares. Only the user half is walked: the upper half of the
 * PML4 is empty, and PDPT[0] of the first 512 GiB is the kernel's shared page directory, which no
 * address space owns.
 *
 * <p>Shared leaf tables: a fork gives the child its own PML4, PDPTs and page directories, but its
 * directories point at the parent's leaf tables (the level that maps 4 KiB pages), whose frame
 * count then says how many spaces use them; their writable pages become copy-on-write once, for
 * all sharers. A frame's count is the number of page tables that map it. Whoever changes a leaf
 * in a shared table first takes its own copy ({@link #unshare}); freeing a space drops its
 * reference to a shared table and leaves the table's pages to the other sharers. A forked child
 * that only runs, sleeps and writes its stack thus copies one leaf table instead of all of them.
 */
final class PageTableTree {
    private PageTableTree() {
    }

    private static int shiftOf(int level) {
        return 12 + 9 * (level - 1);
    }

    /** Copies parent's tree into child's (which has only its PML4 and PDPT); false when out of frames. */
    static boolean copy(UserAddressSpace parent, UserAddressSpace child) {
        return copyLevel(parent.manager(), parent.pml4(), child.pml4(), 4, 0, child);
    }

    private static boolean copyLevel(MemoryManager mm, long src, long dst, int level, long base, UserAddressSpace child) {
        PhysicalMemory mem = mm.memory();
        int first = level == 3 && base == 0 ? 1 : 0;   /* PDPT[0] of the first 512 GiB: the kernel's PD */
        int last = level == 4 ? 256 : 512;             /* the lower (user) half only */
        int shift = shiftOf(level);
        for (int i = first; i < last; i++) {
            long slot = src + ((long) i << 3);
            long e = mem.getLong(slot);
            if ((e & Pte.PRESENT) == 0) {
                continue;
            }
            if (level == 2) {
                shareLeafTable(mm, e & Pte.ADDRESS_MASK, child);
                mem.putLong(dst + ((long) i << 3), e);
                continue;
            }
            long dslot = dst + ((long) i << 3);
            long de = mem.getLong(dslot);
            if ((de & Pte.PRESENT) == 0) {
                long t = mm.allocateTable();
                if (t < 0) {
                    return false;
                }
                child.tableFrames++;
                de = t | Pte.TABLE_FLAGS;
                mem.putLong(dslot, de);
            }
            if (!copyLevel(mm, e & Pte.ADDRESS_MASK, de & Pte.ADDRESS_MASK, level - 1, base + ((long) i << shift), child)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A leaf table becomes shared with the child: its writable pages turn copy-on-write (read-only
     * + COW) once for every sharer; the table gains a reference, its pages none (the table maps
     * them once, whoever uses it).
     */
    private static void shareLeafTable(MemoryManager mm, long table, UserAddressSpace child) {
        PhysicalMemory mem = mm.memory();
        for (int j = 0; j < 512; j++) {
            long slot = table + ((long) j << 3);
            long e = mem.getLong(slot);
            if ((e & Pte.PRESENT) == 0) {
                continue;
            }
            if ((e & Pte.WRITABLE) != 0) {
                mem.putLong(slot, (e & ~Pte.WRITABLE) | Pte.COW);
            }
            child.residentPages++;
        }
        mm.frames().retain(table);
        child.tableFrames++;
    }

    /** Drops every leaf's frame reference and frees every table below the PML4 (the caller frees the PML4). */
    static void free(UserAddressSpace space) {
        freeLevel(space.manager(), space.pml4(), 4, 0, space);
    }

    private static void freeLevel(MemoryManager mm, long table, int level, long base, UserAddressSpace space) {
        PhysicalMemory mem = mm.memory();
        int first = level == 3 && base == 0 ? 1 : 0;
        int last = level == 4 ? 256 : 512;
        int shift = shiftOf(level);
        for (int i = first; i < last; i++) {
            long e = mem.getLong(table + ((long) i << 3));
            if ((e & Pte.PRESENT) == 0) {
                continue;
            }
            long next = e & Pte.ADDRESS_MASK;
            if (level == 1) {
                mm.frames().release(next);
                space.residentPages--;
            } else if (level == 2 && mm.frames().refCount(next) > 1) {
                /* a leaf table shared since a fork: the other sharers keep it and its pages */
                for (int j = 0; j < 512; j++) {
                    if ((mem.getLong(next + ((long) j << 3)) & Pte.PRESENT) != 0) {
                        space.residentPages--;
                    }
                }
                mm.releaseSharedTable(next);
                space.tableFrames--;
            } else {
                freeLevel(mm, next, level - 1, base + ((long) i << shift), space);
                mm.freeTable(next);
                space.tableFrames--;
            }
        }
    }

    /**
     * Gives {@code space} its own copy of a leaf page table it shares with others since a fork:
     * every mapped frame gains a reference (the copy maps it too), the directory entry at
     * {@code pdSlot} points at the copy, and the shared table loses this space's reference.
     * Returns the new directory entry, or -1 when no frame was left (nothing changed).
     */
    static long unshare(UserAddressSpace space, long pdSlot, long pdEntry) {
        MemoryManager mm = space.manager();
        PhysicalMemory mem = mm.memory();
        long shared = pdEntry & Pte.ADDRESS_MASK;
        long own = mm.allocateTable();
        if (own < 0) {
            return -1;
        }
        for (int i = 0; i < 512; i++) {
            long e = mem.getLong(shared + ((long) i << 3));
            if ((e & Pte.PRESENT) != 0) {
                mm.frames().retain(e & Pte.ADDRESS_MASK);
                mem.putLong(own + ((long) i << 3), e);
            }
        }
        long entry = own | (pdEntry & ~Pte.ADDRESS_MASK);
        mem.putLong(pdSlot, entry);
        mm.releaseSharedTable(shared);
        mm.countTableCopy();
        space.flushAll();
        return entry;
    }

    /**
     * Gives {@code space} its own copy of every shared page table that maps a page in [start, end),
     * so that the range's leaves can be cleared; false when no frame was left for a copy (the
     * tables copied so far stay copied, which changes nothing visible).
     */
    static boolean unshareRange(UserAddressSpace space, long start, long end) {
        MemoryManager mm = space.manager();
        PhysicalMemory mem = mm.memory();
        long address = start;
        while (address < end) {
            long table = space.leafTableOrGap(address);
            if (table < 0) {
                address = UserAddressSpace.past(address, (int) -table);
                continue;
            }
            if (mm.frames().refCount(table) > 1
                    && (mem.getLong(table + ((long) UserAddressSpace.index(address, 12) << 3)) & Pte.PRESENT) != 0) {
                if (space.pteSlot(address, true) < 0) {
                    return false;
                }
                address = UserAddressSpace.past(address, 21);   /* the table is ours now */
                continue;
            }
            address += FrameAllocator.FRAME_SIZE;
        }
        return true;
    }
}
