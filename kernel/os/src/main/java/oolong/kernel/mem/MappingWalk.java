package oolong.kernel.mem;

import oolong.kernel.platform.PhysicalMemory;

/**
 * The page-mapping dump: walks a user address space's page tables in ascending virtual order and
 * reports runs of pages that map consecutive frames with the same leaf flags and sharing state
 * ({@link Mapping}); a page is shared when its frame's count is above one or its leaf table is
 * shared since a fork (PageTableTree). The kernel's shared page directory (PDPT[0] of the first 512 GiB) and the
 * upper half are skipped: they are not the process's.
 */
final class MappingWalk {
    private final PhysicalMemory mem;
    private final FrameAllocator frames;
    private final Mapping.Visitor visitor;
    private long vStart = -1;
    private long pStart;
    private long pages;
    private long flags;
    private boolean shared;
    /* the leaf table being walked is shared with other spaces since a fork: so are its pages */
    private boolean tableShared;

    private MappingWalk(PhysicalMemory mem, FrameAllocator frames, Mapping.Visitor visitor) {
        this.mem = mem;
        this.frames = frames;
        this.visitor = visitor;
    }

    static void walk(PhysicalMemory mem, FrameAllocator frames, long pml4, Mapping.Visitor visitor) {
        MappingWalk w = new MappingWalk(mem, frames, visitor);
        w.level(pml4, 4, 0);
        w.flush();
    }

    private void level(long table, int level, long base) {
        int first = level == 3 && base == 0 ? 1 : 0;
        int last = level == 4 ? 256 : 512;
        int shift = 12 + 9 * (level - 1);
        for (int i = first; i < last; i++) {
            long e = mem.getLong(table + ((long) i << 3));
            if ((e & Pte.PRESENT) == 0) {
                continue;
            }
            long va = base + ((long) i << shift);
            if (level == 1) {
                page(va, e);
            } else {
                long next = e & Pte.ADDRESS_MASK;
                if (level == 2) {
                    tableShared = frames.refCount(next) > 1;
                }
                level(next, level - 1, va);
            }
        }
    }

    private void page(long va, long pte) {
        long pa = pte & Pte.ADDRESS_MASK;
        long f = pte & Pte.COMPARED_FLAGS;
        boolean s = tableShared || (frames.tracks(pa) && frames.refCount(pa) > 1);
        if (vStart >= 0 && va == vStart + (pages << 12) && pa == pStart + (pages << 12) && f == flags && s == shared) {
            pages++;
            return;
        }
        flush();
        vStart = va;
        pStart = pa;
        pages = 1;
        flags = f;
        shared = s;
    }

    private void flush() {
        if (vStart >= 0) {
            visitor.mapping(vStart, pages, pStart, flags, shared);
            vStart = -1;
        }
    }
}
