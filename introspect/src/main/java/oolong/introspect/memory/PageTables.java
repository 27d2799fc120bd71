package oolong.introspect.memory;

/**
 * x86-64 4-level paging, read from physical memory: what a virtual address maps to under a given
 * CR3, as the CPU would translate it (4 KiB, 2 MiB and 1 GiB pages). Used for user addresses
 * (a process's stack, its saved frames); the kernel's own addresses are identity-mapped.
 */
public final class PageTables {
    public static final long PRESENT = 1L;
    public static final long HUGE = 1L << 7;
    public static final long ADDRESS_MASK = 0x000F_FFFF_FFFF_F000L;

    private PageTables() {
    }

    /** The physical address of a virtual one, or -1 when it is not mapped. */
    public static long translate(PhysicalMemory memory, long cr3, long virtual) {
        long table = cr3 & ADDRESS_MASK;
        for (int level = 4; level >= 1; level--) {
            int shift = 12 + 9 * (level - 1);
            int index = (int) ((virtual >>> shift) & 511);
            long entry = readLong(memory, table + index * 8L);
            if ((entry & PRESENT) == 0) {
                return -1;
            }
            if (level == 1 || (level <= 3 && (entry & HUGE) != 0)) {
                long pageMask = (1L << shift) - 1;
                return (entry & ADDRESS_MASK & ~pageMask) | (virtual & pageMask);
            }
            table = entry & ADDRESS_MASK;
        }
        return -1;
    }

    public static long readLong(PhysicalMemory memory, long address) {
        byte[] b = memory.read(address, 8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }
}
