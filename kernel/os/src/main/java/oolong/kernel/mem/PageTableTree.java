package oolong.kernel.mem;

import oolong.kernel.platform.PhysicalMemory;

/**
 * A user address space's page-table tree as a whole: copied for fork (every leaf shared, writable
 * ones copy-on-write in both), freed with the address space. Only the user half is walked: the
 * upper half of the PML4 is empty, and PDPT[0] of the first 512 GiB is the kernel's shared page
 * directory, which no address space owns.
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
            if (level == 1) {
                long shared = e;
                if ((e & (Pte.WRITABLE | Pte.COW)) != 0) {
                    shared = (e & ~Pte.WRITABLE) | Pte.COW;
                    if (shared != e) {
                        mem.putLong(slot, shared);
                    }
                }
                mm.frames().retain(e & Pte.ADDRESS_MASK);
                mem.putLong(dst + ((long) i << 3), shared);
                child.residentPages++;
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
            } else {
                freeLevel(mm, next, level - 1, base + ((long) i << shift), space);
                mm.freeTable(next);
                space.tableFrames--;
            }
        }
    }
}
