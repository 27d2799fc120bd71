package oolong.kernel.mem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Page tables, regions, map/unmap/translate, the TLB hook and free, on simulated memory. */
class UserAddressSpaceTest {
    static final long PAGE = 4096;
    static final long RW = Region.READ | Region.WRITE;

    SimulatedMachine m;
    MemoryManager mm;
    FrameAllocator frames;
    long baselineFree;

    @BeforeEach
    void setUp() {
        m = new SimulatedMachine(64L << 20);
        mm = m.manager;
        frames = m.frames;
        baselineFree = frames.freeFrames();
    }

    void assertBaseline() {
        assertEquals(baselineFree, frames.freeFrames(), "frames leaked");
        assertEquals(0, mm.pageTableFrames());
        assertEquals(0, mm.addressSpaces());
        assertNull(frames.checkConsistency());
    }

    long e(long table, int index) {
        return m.memory.getLong(table + 8L * index);
    }

    @Test
    void freshSpaceSharesTheKernelPageDirectorySupervisorOnly() {
        UserAddressSpace as = mm.createAddressSpace();
        assertEquals(1, mm.addressSpaces());
        assertEquals(2, mm.pageTableFrames());
        assertTrue(frames.isManaged(as.pml4()));
        long pml4e = e(as.pml4(), 0);
        assertEquals(Pte.PRESENT | Pte.WRITABLE | Pte.USER, pml4e & 0xFFF);
        long pdpt = pml4e & Pte.ADDRESS_MASK;
        assertNotEquals(SimulatedMachine.KERNEL_PDPT, pdpt, "own PDPT, not the kernel's");
        long pdpte = e(pdpt, 0);
        assertEquals(SimulatedMachine.KERNEL_PD, pdpte & Pte.ADDRESS_MASK);
        assertEquals(0, pdpte & Pte.USER, "the kernel half is supervisor-only");
        for (int i = 1; i < 512; i++) {
            assertEquals(0, e(as.pml4(), i));
            assertEquals(0, e(pdpt, i));
        }
        as.free();
        assertEquals(0x83, m.memory.getLong(SimulatedMachine.KERNEL_PD + 8) & 0xFFF);
        assertBaseline();
    }

    @Test
    void mapBuildsFourLevelsWithTheRightLeafBits() {
        UserAddressSpace as = mm.createAddressSpace();
        long va = 0x12_3456_7000L;   /* PML4 index 0, PDPT index 72 */
        assertEquals(MemStatus.OK, as.map(va, 3 * PAGE, (int) RW));
        long va2 = 0x0000_4000_0000_0000L;   /* PML4 index 128 */
        assertEquals(MemStatus.OK, as.map(va2, PAGE, Region.READ | Region.EXEC));
        assertEquals(3 + 1, as.residentPages());
        /* walk by hand */
        long pml4e = e(as.pml4(), (int) ((va >>> 39) & 511));
        long pdpte = e(pml4e & Pte.ADDRESS_MASK, (int) ((va >>> 30) & 511));
        long pde = e(pdpte & Pte.ADDRESS_MASK, (int) ((va >>> 21) & 511));
        long pte = e(pde & Pte.ADDRESS_MASK, (int) ((va >>> 12) & 511));
        for (long t : new long[] {pml4e, pdpte, pde}) {
            assertEquals(Pte.TABLE_FLAGS, t & 0xFFF);
            assertEquals(0, t & Pte.NX);
        }
        assertEquals(Pte.PRESENT | Pte.WRITABLE | Pte.USER | Pte.NX, pte & ~Pte.ADDRESS_MASK);
        assertEquals(pte, as.pte(va));
        long frame = pte & Pte.ADDRESS_MASK;
        assertTrue(frames.isManaged(frame));
        assertEquals(1, frames.refCount(frame));
        assertEquals(frame | 0x123, as.translate(va + 0x123));
        long x = as.pte(va2);
        assertEquals(Pte.PRESENT | Pte.USER, x & ~Pte.ADDRESS_MASK, "read+exec: not writable, no NX");
        /* pages are zeroed */
        byte[] buf = new byte[(int) PAGE];
        m.memory.write(frame, new byte[] {1, 2, 3}, 0, 3);
        assertEquals(MemStatus.OK, as.read(va + PAGE, buf));
        assertArrayEquals(new byte[(int) PAGE], buf);
        /* tables: PML4, PDPT0, PD+PT for va; PDPT+PD+PT for va2 */
        assertEquals(2 + 2 + 3, as.tableFrames());
        assertEquals(as.tableFrames(), mm.pageTableFrames());
        as.free();
        assertBaseline();
    }

    @Test
    void readOnlyMappingIsNotWritable() {
        UserAddressSpace as = mm.createAddressSpace();
        long va = 0x4000_0000L;
        assertEquals(MemStatus.OK, as.map(va, PAGE, Region.READ));
        assertEquals(Pte.PRESENT | Pte.USER | Pte.NX, as.pte(va) & ~Pte.ADDRESS_MASK);
        assertEquals(MemStatus.EFAULT, as.writeLong(va, 1));
        assertEquals(Fault.PROTECTION, as.handleFault(va, Fault.ERR_PRESENT | Fault.ERR_WRITE | Fault.ERR_USER));
        as.free();
        assertBaseline();
    }

    @Test
    void writeOrExecuteImpliesRead() {
        UserAddressSpace as = mm.createAddressSpace();
        assertEquals(MemStatus.OK, as.map(0x4000_0000L, PAGE, Region.WRITE));
        assertEquals(Region.READ | Region.WRITE, as.findRegion(0x4000_0000L).prot);
        assertEquals(MemStatus.OK, as.writeLong(0x4000_0000L, 5));
        assertEquals(MemStatus.OK, as.mapDemandZero(0x4000_1000L, PAGE, Region.EXEC, Region.Kind.ANONYMOUS));
        assertEquals(Region.READ | Region.EXEC, as.findRegion(0x4000_1000L).prot);
        assertEquals(MemStatus.OK, as.mapDemandZero(0x4000_2000L, PAGE, Region.NONE, Region.Kind.GUARD));
        assertEquals(Region.NONE, as.findRegion(0x4000_2000L).prot);
        assertEquals("r-x", Region.protString(as.findRegion(0x4000_1000L).prot));
        as.free();
        assertBaseline();
    }

    @Test
    void mapRejectsBadRanges() {
        UserAddressSpace as = mm.createAddressSpace();
        assertEquals(MemStatus.EINVAL, as.map(0x4000_0001L, PAGE, (int) RW), "misaligned");
        assertEquals(MemStatus.EINVAL, as.map(0x3FFF_F000L, PAGE, (int) RW), "kernel half");
        assertEquals(MemStatus.EINVAL, as.map(0, PAGE, (int) RW), "page 0");
        assertEquals(MemStatus.EINVAL, as.map(UserLayout.USER_TOP, PAGE, (int) RW), "non-canonical");
        assertEquals(MemStatus.EINVAL, as.map(UserLayout.USER_TOP - PAGE, 2 * PAGE, (int) RW), "crosses the top");
        assertEquals(MemStatus.EINVAL, as.map(0xFFFF_8000_0000_0000L, PAGE, (int) RW), "higher half");
        assertEquals(MemStatus.EINVAL, as.map(0x4000_0000L, 0, (int) RW), "empty");
        assertEquals(MemStatus.EINVAL, as.map(0x4000_0000L, -PAGE, (int) RW), "negative");
        assertEquals(MemStatus.EINVAL, as.map(0x4000_0000L, Long.MAX_VALUE, (int) RW), "huge");
        assertEquals(MemStatus.OK, as.map(0x4000_0000L, 2 * PAGE, (int) RW));
        assertEquals(MemStatus.EEXIST, as.map(0x4000_1000L, 2 * PAGE, (int) RW), "overlap");
        assertEquals(MemStatus.OK, as.map(0x4000_2000L, 1, (int) RW), "length rounds up to a page");
        assertEquals(3, as.residentPages());
        assertEquals(MemStatus.OK, as.map(UserLayout.USER_TOP - PAGE, PAGE, (int) RW), "the last user page");
        as.free();
        assertBaseline();
    }

    @Test
    void unmapReleasesFramesSplitsRegionsAndFlushesTheCurrentSpace() {
        UserAddressSpace as = mm.createAddressSpace();
        long va = 0x5000_0000L;
        assertEquals(MemStatus.OK, as.map(va, 8 * PAGE, (int) RW));
        long used = frames.usedFrames();
        as.activate();
        assertEquals(as.pml4(), m.tlb.loaded());
        long inv = m.tlb.invalidations();
        assertEquals(MemStatus.OK, as.unmap(va + 2 * PAGE, 3 * PAGE));
        assertEquals(inv + 3, m.tlb.invalidations());
        assertEquals(used - 3, frames.usedFrames());
        List<Region> rs = as.regions();
        assertEquals(2, rs.size());
        assertEquals(va, rs.get(0).start);
        assertEquals(va + 2 * PAGE, rs.get(0).end);
        assertEquals(va + 5 * PAGE, rs.get(1).start);
        assertEquals(va + 8 * PAGE, rs.get(1).end);
        assertEquals(-1, as.translate(va + 3 * PAGE));
        assertEquals(Fault.NO_REGION, as.handleFault(va + 3 * PAGE, false));
        assertTrue(as.translate(va + PAGE) > 0);
        /* unmapping nothing is fine; unmapping across both pieces empties them */
        assertEquals(MemStatus.OK, as.unmap(0x7000_0000L, PAGE));
        assertEquals(MemStatus.OK, as.unmap(va, 8 * PAGE));
        assertTrue(as.regions().isEmpty());
        assertEquals(0, as.residentPages());
        assertEquals(MemStatus.EINVAL, as.unmap(va + 1, PAGE));
        as.free();
        assertNull(mm.current());
        assertEquals(SimulatedMachine.KERNEL_PML4, m.tlb.loaded(), "free() of the current space loads the kernel's tables");
        assertBaseline();
    }

    @Test
    void largeUnmapReloadsCr3AndSkipsMissingTables() {
        UserAddressSpace as = mm.createAddressSpace();
        assertEquals(MemStatus.OK, as.map(0x4000_0000L, 64 * PAGE, (int) RW));
        assertEquals(MemStatus.OK, as.map(0x10_0000_0000L, PAGE, (int) RW));
        as.activate();
        long loads = m.tlb.loads();
        long start = System.nanoTime();
        assertEquals(MemStatus.OK, as.unmap(UserLayout.USER_BASE, UserLayout.USER_TOP - UserLayout.USER_BASE));
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "unmapping all of user space must skip empty tables");
        assertEquals(loads + 1, m.tlb.loads());
        assertEquals(0, as.residentPages());
        as.free();
        assertBaseline();
    }

    @Test
    void pteChangesInANonCurrentSpaceDoNotFlush() {
        UserAddressSpace a = mm.createAddressSpace();
        UserAddressSpace b = mm.createAddressSpace();
        b.activate();
        long inv = m.tlb.invalidations();
        assertEquals(MemStatus.OK, a.map(0x4000_0000L, 4 * PAGE, (int) RW));
        assertEquals(MemStatus.OK, a.unmap(0x4000_0000L, 4 * PAGE));
        assertEquals(inv, m.tlb.invalidations());
        mm.setCurrent(a);
        assertEquals(MemStatus.OK, a.map(0x4000_0000L, PAGE, (int) RW));
        assertEquals(inv + 1, m.tlb.invalidations());
        assertEquals(0x4000_0000L, m.tlb.lastInvalidated());
        a.free();
        b.free();
        assertBaseline();
    }

    @Test
    void findFreeSkipsRegions() {
        UserAddressSpace as = mm.createAddressSpace();
        long base = UserLayout.MMAP_BASE;
        assertEquals(base, as.findFree(1));
        assertEquals(MemStatus.OK, as.mapDemandZero(base, 2 * PAGE, (int) RW, Region.Kind.ANONYMOUS));
        assertEquals(MemStatus.OK, as.mapDemandZero(base + 3 * PAGE, PAGE, (int) RW, Region.Kind.ANONYMOUS));
        assertEquals(base + 2 * PAGE, as.findFree(PAGE));
        assertEquals(base + 4 * PAGE, as.findFree(2 * PAGE));
        assertEquals(UserLayout.USER_BASE, as.findFree(0, PAGE));
        assertEquals(MemStatus.EINVAL, as.findFree(0));
        assertEquals(MemStatus.ENOMEM, as.findFree(UserLayout.USER_TOP));
        long f = as.findFree(8 * PAGE);
        assertEquals(MemStatus.OK, as.map(f, 8 * PAGE, (int) RW));
        assertEquals(8, as.residentPages());
        as.free();
        assertBaseline();
    }

    @Test
    void useAfterFreeAndDoubleFreeThrow() {
        UserAddressSpace as = mm.createAddressSpace();
        as.free();
        assertThrows(IllegalStateException.class, as::free);
        assertThrows(IllegalStateException.class, () -> as.map(0x4000_0000L, PAGE, (int) RW));
        assertTrue(as.isFreed());
        assertBaseline();
    }

    @Test
    void creationFailsCleanlyWithoutFrames() {
        frames.setFailureHook(() -> true);
        assertNull(mm.createAddressSpace());
        int[] n = {0};
        frames.setFailureHook(() -> ++n[0] == 2);   /* the PDPT fails */
        assertNull(mm.createAddressSpace());
        frames.setFailureHook(null);
        assertBaseline();
        assertNotNull(mm.createAddressSpace());
    }

    @Test
    void eagerMapOutOfMemoryUndoesItself() {
        UserAddressSpace as = mm.createAddressSpace();
        long before = frames.freeFrames();
        int[] n = {0};
        frames.setFailureHook(() -> ++n[0] > 6);
        assertEquals(MemStatus.ENOMEM, as.map(0x4000_0000L, 16 * PAGE, (int) RW));
        frames.setFailureHook(null);
        assertTrue(as.regions().isEmpty());
        assertEquals(0, as.residentPages());
        /* the page tables it built stay until free() */
        assertEquals(before - (as.tableFrames() - 2), frames.freeFrames());
        assertFalse(as.regions().contains(null));
        as.free();
        assertBaseline();
    }
}
