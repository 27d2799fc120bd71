package oolong.introspect.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** 4-level translation over page tables built by hand in a memory image: 4 KiB, 2 MiB and 1 GiB pages. */
class PageTablesTest {
    private final ByteBuffer ram = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private final PhysicalMemory memory = (address, dst, offset, length) -> ram.get((int) address, dst, offset, length);

    private void entry(long table, int index, long value) {
        ram.putLong((int) (table + index * 8L), value);
    }

    @Test
    void translatesLikeTheCpu() {
        long pml4 = 0x1000;
        long pdpt = 0x2000;
        long pd = 0x3000;
        long pt = 0x4000;
        entry(pml4, 0, pdpt | 7);
        entry(pdpt, 1, pd | 7);              /* 1 GiB .. 2 GiB */
        entry(pd, 0, pt | 7);                /* 1 GiB .. +2 MiB: 4 KiB pages */
        entry(pt, 5, 0xABC000L | 7);
        entry(pd, 1, 0x4000_0000L | 0x80 | 7);  /* a 2 MiB page */
        entry(pdpt, 2, 0x8000_0000L | 0x80 | 7); /* a 1 GiB page */
        assertEquals(0xABC123L, PageTables.translate(memory, pml4, (1L << 30) + 5 * 4096 + 0x123));
        assertEquals(-1, PageTables.translate(memory, pml4, (1L << 30) + 6 * 4096), "not present");
        assertEquals(0x4000_0000L + 0x1234, PageTables.translate(memory, pml4, (1L << 30) + (2 << 20) + 0x1234));
        assertEquals(0x8000_0000L + 0x123456, PageTables.translate(memory, pml4, (2L << 30) + 0x123456));
        assertEquals(-1, PageTables.translate(memory, pml4, 0x0000_7000_0000_0000L), "no PML4 entry");
    }
}
