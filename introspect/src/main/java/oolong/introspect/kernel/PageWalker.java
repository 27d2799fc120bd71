package oolong.introspect.kernel;

import java.util.ArrayList;
import java.util.List;
import oolong.introspect.program.JavaObject;
import oolong.introspect.program.Program;

/**
 * A process's page mappings read from its page tables in memory, walked and coalesced as the
 * kernel's UserAddressSpace.walk does: user space only (PML4 entries 0..255, and in the first
 * PDPT not entry 0, the kernel's shared 1 GiB), runs broken where the frames, flags or sharing
 * change; "shared" from the frame allocator's reference counts: a page's frame held more than
 * once, or the leaf table mapping it held by more than one address space (leaf tables are shared
 * at fork until one of the spaces changes a page in them).
 */
public final class PageWalker {
    static final String USER_SPACE = "oolong.kernel.mem.UserAddressSpace";
    private static final long PRESENT = 1L;
    private static final long WRITABLE = 1L << 1;
    private static final long USER = 1L << 2;
    private static final long COW = 1L << 9;
    private static final long NX = 1L << 63;
    private static final long ADDRESS_MASK = 0x000F_FFFF_FFFF_F000L;
    /** Pte.COMPARED_FLAGS: what must match for two pages to be one run (not accessed/dirty). */
    private static final long COMPARED = PRESENT | WRITABLE | USER | (1L << 3) | (1L << 4) | (1L << 8) | COW | NX;

    private final Program program;

    public PageWalker(Program program) {
        this.program = program;
    }

    /** The process's page-table root (CR3 value) and its mappings. */
    public record Pages(int pid, long cr3, List<MappingRecord> mappings) {
    }

    public Pages pages(int pid) {
        JavaObject p = new ProcessWalker(program).find(pid);
        JavaObject space = ProcessWalker.addressSpace(p);
        if (space == null || !space.className().equals(USER_SPACE)) {
            throw new IllegalStateException("process " + pid + " is " + p.ref("state").enumName() + " and has no address space");
        }
        long pml4 = space.getLong("pml4");
        JavaObject frames = space.ref("frames");
        Coalescer c = new Coalescer(frames.getInt("frameCount"), frames.ref("refs"));
        walk(pml4, 4, 0, c);
        c.flush();
        return new Pages(pid, pml4, c.out);
    }

    /** The page-table root of a process (its UserAddressSpace.pml4), or -1 when it has none. */
    public long cr3(int pid) {
        JavaObject space = ProcessWalker.addressSpace(new ProcessWalker(program).find(pid));
        return space != null && space.className().equals(USER_SPACE) ? space.getLong("pml4") : -1;
    }

    private void walk(long table, int level, long base, Coalescer c) {
        int first = level == 3 && base == 0 ? 1 : 0;
        int last = level == 4 ? 256 : 512;
        int shift = 12 + 9 * (level - 1);
        byte[] raw = program.read(table, 4096);
        for (int i = first; i < last; i++) {
            long e = 0;
            for (int b = 7; b >= 0; b--) {
                e = (e << 8) | (raw[i * 8 + b] & 0xFF);
            }
            if ((e & PRESENT) == 0) {
                continue;
            }
            long va = base + ((long) i << shift);
            if (level == 1) {
                c.page(va, e);
            } else {
                if (level == 2) {
                    c.tableShared = c.refCount(e & ADDRESS_MASK) > 1;
                }
                walk(e & ADDRESS_MASK, level - 1, va, c);
            }
        }
    }

    private final class Coalescer {
        final List<MappingRecord> out = new ArrayList<>();
        private final int frameCount;
        private final JavaObject refs;
        private long vStart = -1;
        private long pStart;
        private long pages;
        private long flags;
        private boolean shared;
        /* the leaf table being walked is shared with other address spaces: so are its pages */
        boolean tableShared;

        Coalescer(int frameCount, JavaObject refs) {
            this.frameCount = frameCount;
            this.refs = refs;
        }

        void page(long va, long pte) {
            long pa = pte & ADDRESS_MASK;
            long f = pte & COMPARED;
            boolean s = tableShared || refCount(pa) > 1;
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

        int refCount(long physical) {
            long frame = physical >>> 12;
            return frame < frameCount ? program.readInt(program.arrayData(refs.address(), 4) + 4 * frame) : 0;
        }

        void flush() {
            if (vStart >= 0) {
                String text = "r" + ((flags & WRITABLE) != 0 ? "w" : "-") + ((flags & NX) == 0 ? "x" : "-") + "u"
                        + ((flags & COW) != 0 ? "c" : "-");
                out.add(new MappingRecord(vStart, pages, pStart, text, shared));
                vStart = -1;
            }
        }
    }
}
