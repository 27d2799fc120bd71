package oolong.kernel.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The page-mapping dump: coalescing of runs, flags and sharing. */
class MappingWalkTest {
    static final long PAGE = 4096;
    static final int RW = Region.READ | Region.WRITE;

    @Test
    void coalescesConsecutivePagesWithConsecutiveFramesAndEqualFlags() {
        SimulatedMachine m = new SimulatedMachine(32L << 20);
        UserAddressSpace as = m.manager.createAddressSpace();
        /* a fresh allocator hands out ascending frames: 4 contiguous pages map to 4 contiguous frames */
        assertEquals(MemStatus.OK, as.map(0x4000_0000L, 4 * PAGE, Region.READ | Region.EXEC));
        assertEquals(MemStatus.OK, as.map(0x4000_4000L, 2 * PAGE, RW));
        /* a run that crosses a page-table boundary (2 MiB) needs a new PT frame in between */
        assertEquals(MemStatus.OK, as.map(0x5000_0000L - 2 * PAGE, 4 * PAGE, RW));
        List<Mapping> ms = as.mappings();
        assertEquals(0x4000_0000L, ms.get(0).virtualStart());
        assertEquals(4, ms.get(0).pages());
        assertTrue(ms.get(0).executable());
        assertFalse(ms.get(0).writable());
        assertEquals(0x4000_4000L, ms.get(1).virtualStart());
        assertEquals(2, ms.get(1).pages());
        assertEquals(ms.get(0).physicalStart() + 4 * PAGE, ms.get(1).physicalStart(), "split by flags, not frames");
        assertEquals(Pte.PRESENT | Pte.WRITABLE | Pte.USER | Pte.NX, ms.get(1).flags());
        long pages = 0;
        for (Mapping x : ms) {
            pages += x.pages();
            assertFalse(x.shared());
        }
        assertEquals(10, pages);
        assertTrue(ms.size() >= 4, "the 2 MiB crossing splits where the PT frame sits between: " + ms);
        /* virtual order and no overlaps */
        for (int i = 1; i < ms.size(); i++) {
            assertTrue(ms.get(i).virtualStart() >= ms.get(i - 1).virtualEnd());
        }
        assertTrue(ms.get(0).toString().contains("P U"), ms.get(0).toString());
        as.free();
    }

    @Test
    void showsCowAndSharedAfterFork() {
        SimulatedMachine m = new SimulatedMachine(32L << 20);
        UserAddressSpace a = m.manager.createAddressSpace();
        assertEquals(MemStatus.OK, a.map(0x4000_0000L, 3 * PAGE, RW));
        UserAddressSpace b = a.fork();
        List<Mapping> ms = b.mappings();
        assertEquals(1, ms.size());
        assertTrue(ms.get(0).shared());
        assertTrue(ms.get(0).copyOnWrite());
        assertFalse(ms.get(0).writable());
        assertTrue(ms.get(0).toString().endsWith("[P U NX COW] shared"), ms.get(0).toString());
        assertEquals(MemStatus.OK, b.writeLong(0x4000_1000L, 1));
        ms = b.mappings();
        assertEquals(3, ms.size(), ms.toString());
        assertTrue(ms.get(1).writable());
        assertFalse(ms.get(1).shared());
        assertTrue(ms.get(2).shared());
        /* the walk reports through a visitor without building a list */
        long[] count = {0};
        a.walk((v, n, p, f, s) -> count[0] += n);
        assertEquals(3, count[0]);
        a.free();
        b.free();
    }
}
