package oolong.kernel.mem;

/**
 * A virtual range of a user address space, page-aligned: [start, end), with its protection and
 * kind. Any page of a region that is not mapped yet is demand-zero: the first access maps a zeroed
 * frame. Immutable; an address space keeps its regions sorted and never overlapping.
 */
public final class Region {
    public static final int READ = 1;
    public static final int WRITE = 2;
    public static final int EXEC = 4;
    /** No access at all: a guard page. */
    public static final int NONE = 0;

    public enum Kind {
        /** From the ELF image: file pages mapped (copy-on-write from the module or copied), the rest demand-zero. */
        IMAGE,
        /** Anonymous memory: the runtime arena, memflag mappings. */
        ANONYMOUS,
        /** The user stack. */
        STACK,
        /** No access: catches stack overflow. */
        GUARD
    }

    public final long start;
    public final long end;
    public final int prot;
    public final Kind kind;

    public Region(long start, long end, int prot, Kind kind) {
        this.start = start;
        this.end = end;
        this.prot = prot;
        this.kind = kind;
    }

    public boolean contains(long address) {
        return address >= start && address < end;
    }

    public boolean readable() {
        return (prot & READ) != 0;
    }

    public boolean writable() {
        return (prot & WRITE) != 0;
    }

    public boolean executable() {
        return (prot & EXEC) != 0;
    }

    public long pages() {
        return (end - start) >>> 12;
    }

    /** The leaf PTE flags for a private page of this region (before copy-on-write is applied). */
    long leafFlags() {
        long f = Pte.PRESENT | Pte.USER;
        if (writable()) {
            f |= Pte.WRITABLE;
        }
        if (!executable()) {
            f |= Pte.NX;
        }
        return f;
    }

    Region withRange(long newStart, long newEnd) {
        return new Region(newStart, newEnd, prot, kind);
    }

    public static String protString(int prot) {
        return ((prot & READ) != 0 ? "r" : "-") + ((prot & WRITE) != 0 ? "w" : "-") + ((prot & EXEC) != 0 ? "x" : "-");
    }

    @Override
    public String toString() {
        return "0x" + Long.toHexString(start) + "-0x" + Long.toHexString(end) + " " + protString(prot) + " "
                + kind.name().toLowerCase();
    }
}
