package oolong.kernel.mem;

/** x86-64 page-table entry bits, and the one software bit Oolong uses (COW). */
public final class Pte {
    public static final long PRESENT = 1L;
    public static final long WRITABLE = 1L << 1;
    public static final long USER = 1L << 2;
    public static final long WRITE_THROUGH = 1L << 3;
    public static final long CACHE_DISABLE = 1L << 4;
    public static final long ACCESSED = 1L << 5;
    public static final long DIRTY = 1L << 6;
    /** In a PDPT or PD entry: a 1 GiB / 2 MiB page (the kernel's identity map uses 2 MiB pages). */
    public static final long HUGE = 1L << 7;
    public static final long GLOBAL = 1L << 8;
    /** Software bit (bit 9, ignored by the CPU): the page is copy-on-write; it is mapped read-only. */
    public static final long COW = 1L << 9;
    /** No-execute (EFER.NXE is set by the boot stub). */
    public static final long NX = 1L << 63;
    /** The physical frame address bits (bits 12..51). */
    public static final long ADDRESS_MASK = 0x000F_FFFF_FFFF_F000L;

    /** Flags of an entry that points to a lower-level table of user space: the leaf decides. */
    public static final long TABLE_FLAGS = PRESENT | WRITABLE | USER;
    /** Flags that matter when comparing two leaf entries (not accessed/dirty). */
    public static final long COMPARED_FLAGS = PRESENT | WRITABLE | USER | WRITE_THROUGH | CACHE_DISABLE | GLOBAL | COW | NX;

    private Pte() {
    }

    public static boolean present(long pte) {
        return (pte & PRESENT) != 0;
    }

    public static long frame(long pte) {
        return pte & ADDRESS_MASK;
    }

    /** "P W U NX COW"-style list of the set flags (A and D too when set). */
    public static String describe(long pte) {
        StringBuilder sb = new StringBuilder();
        flag(sb, pte, PRESENT, "P");
        flag(sb, pte, WRITABLE, "W");
        flag(sb, pte, USER, "U");
        flag(sb, pte, ACCESSED, "A");
        flag(sb, pte, DIRTY, "D");
        flag(sb, pte, GLOBAL, "G");
        flag(sb, pte, NX, "NX");
        flag(sb, pte, COW, "COW");
        return sb.toString();
    }

    private static void flag(StringBuilder sb, long pte, long bit, String name) {
        if ((pte & bit) != 0) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(name);
        }
    }
}
