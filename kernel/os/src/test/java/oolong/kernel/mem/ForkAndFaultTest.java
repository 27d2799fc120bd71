package oolong.kernel.mem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Copy-on-write fork, demand-zero faults and the fault rules. */
class ForkAndFaultTest {
    static final long PAGE = 4096;
    static final int RW = Region.READ | Region.WRITE;
    static final long VA = 0x4000_0000L;

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

    static long get(UserAddressSpace as, long va) {
        long[] out = new long[1];
        assertEquals(MemStatus.OK, as.readLong(va, out));
        return out[0];
    }

    @Test
    void forkSharesFramesCopyOnWriteAndIsolatesWrites() {
        UserAddressSpace parent = mm.createAddressSpace();
        assertEquals(MemStatus.OK, parent.map(VA, 2 * PAGE, RW));
        assertEquals(MemStatus.OK, parent.writeLong(VA, 111));
        assertEquals(MemStatus.OK, parent.writeLong(VA + PAGE, 222));
        long f0 = parent.translate(VA);
        parent.activate();
        long loads = m.tlb.loads();
        UserAddressSpace child = parent.fork();
        assertNotNull(child);
        assertEquals(loads + 1, m.tlb.loads(), "the parent's TLB is flushed after its PTEs went read-only");
        assertEquals(2, mm.addressSpaces());
        /* both see the same frame, read-only + COW, through one page table they share */
        assertEquals(f0, child.translate(VA));
        for (UserAddressSpace as : new UserAddressSpace[] {parent, child}) {
            long pte = as.pte(VA);
            assertEquals(0, pte & Pte.WRITABLE);
            assertEquals(Pte.COW, pte & Pte.COW);
            assertEquals(Pte.NX, pte & Pte.NX);
        }
        assertEquals(parent.leafTable(VA), child.leafTable(VA), "the leaf table is shared");
        assertEquals(2, frames.refCount(parent.leafTable(VA)));
        assertEquals(1, frames.refCount(f0), "the frame is held once, by the shared table");
        assertEquals(child.regions(), parent.regions());
        /* the parent writes: it gets a copy, the child keeps the original */
        assertEquals(MemStatus.OK, parent.writeLong(VA, 333));
        long p0 = parent.translate(VA);
        assertNotEquals(f0, p0);
        assertEquals(Pte.WRITABLE, parent.pte(VA) & (Pte.WRITABLE | Pte.COW));
        assertEquals(333, get(parent, VA));
        assertEquals(111, get(child, VA));
        assertNotEquals(parent.leafTable(VA), child.leafTable(VA), "the writer copied the table first");
        assertEquals(1, mm.tableCopies());
        assertEquals(1, frames.refCount(child.leafTable(VA)));
        assertEquals(1, frames.refCount(f0));
        assertEquals(1, mm.cowCopies());
        /* the child, now the last one, writes: keeps its frame, no copy */
        assertEquals(MemStatus.OK, child.writeLong(VA, 444));
        assertEquals(f0, child.translate(VA));
        assertEquals(Pte.WRITABLE, child.pte(VA) & (Pte.WRITABLE | Pte.COW));
        assertEquals(1, mm.cowReuses());
        assertEquals(1, mm.cowCopies());
        assertEquals(333, get(parent, VA));
        assertEquals(444, get(child, VA));
        /* untouched second page still shared */
        assertEquals(parent.translate(VA + PAGE), child.translate(VA + PAGE));
        assertEquals(222, get(child, VA + PAGE));
        child.free();
        assertEquals(1, frames.refCount(parent.translate(VA + PAGE) & ~(PAGE - 1)));
        parent.free();
        assertBaseline();
    }

    @Test
    void readOnlyPagesAreSharedNotCow() {
        UserAddressSpace parent = mm.createAddressSpace();
        assertEquals(MemStatus.OK, parent.map(VA, PAGE, Region.READ | Region.EXEC));
        long before = parent.pte(VA);
        UserAddressSpace child = parent.fork();
        assertEquals(before, parent.pte(VA));
        assertEquals(before, child.pte(VA));
        assertEquals(0, before & (Pte.COW | Pte.WRITABLE | Pte.NX));
        assertEquals(1, frames.refCount(Pte.frame(before)), "held by the one table both share");
        assertEquals(2, frames.refCount(parent.leafTable(VA)));
        assertEquals(Fault.PROTECTION, child.handleFault(VA, true));
        parent.free();
        child.free();
        assertBaseline();
    }

    @Test
    void cowFaultThroughHandleFault() {
        UserAddressSpace parent = mm.createAddressSpace();
        assertEquals(MemStatus.OK, parent.map(VA, PAGE, RW));
        assertEquals(MemStatus.OK, parent.writeLong(VA + 8, 7));
        UserAddressSpace child = parent.fork();
        child.activate();
        long inv = m.tlb.invalidations();
        assertEquals(Fault.RESOLVED, child.handleFault(VA + 8, Fault.ERR_PRESENT | Fault.ERR_WRITE | Fault.ERR_USER));
        assertTrue(m.tlb.invalidations() > inv, "the changed PTE is flushed");
        assertNotEquals(parent.translate(VA), child.translate(VA));
        assertEquals(7, get(child, VA + 8), "the copy has the contents");
        /* a read fault on a present page (stale TLB) resolves without change */
        long pte = child.pte(VA);
        assertEquals(Fault.RESOLVED, child.handleFault(VA, Fault.ERR_PRESENT | Fault.ERR_USER));
        assertEquals(pte, child.pte(VA));
        parent.free();
        child.free();
        assertBaseline();
    }

    @Test
    void forkChainsAndFreeInAnyOrderReturnEveryFrame() {
        UserAddressSpace a = mm.createAddressSpace();
        assertEquals(MemStatus.OK, a.map(VA, 4 * PAGE, RW));
        assertEquals(MemStatus.OK, a.mapDemandZero(0x10_0000_0000L, 16 * PAGE, RW, Region.Kind.ANONYMOUS));
        assertEquals(MemStatus.OK, a.writeLong(0x10_0000_0000L + 5 * PAGE, 5));
        UserAddressSpace b = a.fork();
        assertEquals(MemStatus.OK, b.writeLong(VA, 1));
        UserAddressSpace c = b.fork();
        assertEquals(MemStatus.OK, c.writeLong(VA + PAGE, 2));
        UserAddressSpace d = a.fork();
        assertEquals(2, frames.refCount(a.leafTable(VA)), "a and d share a table (b copied its own before writing)");
        assertEquals(1, frames.refCount(a.translate(VA)));
        assertEquals(4, frames.refCount(a.leafTable(0x10_0000_0000L)), "nobody wrote there: one table for all four");
        assertEquals(1, frames.refCount(a.translate(0x10_0000_0000L + 5 * PAGE) & ~(PAGE - 1)));
        assertEquals(2, mm.tableCopies());
        assertEquals(0, get(a, VA));
        assertEquals(1, get(b, VA));
        assertEquals(1, get(c, VA));
        assertEquals(2, get(c, VA + PAGE));
        assertEquals(0, get(b, VA + PAGE));
        b.free();
        a.free();
        assertEquals(5, get(d, 0x10_0000_0000L + 5 * PAGE));
        d.free();
        c.free();
        assertBaseline();
    }

    @Test
    void forkOutOfMemoryLeaksNothing() {
        UserAddressSpace a = mm.createAddressSpace();
        assertEquals(MemStatus.OK, a.map(VA, 4 * PAGE, RW));
        assertEquals(MemStatus.OK, a.map(0x20_0000_0000L, 4 * PAGE, RW));
        long used = frames.usedFrames();
        int[] needed = {0};
        frames.setFailureHook(() -> ++needed[0] < 0);
        UserAddressSpace probe = a.fork();
        frames.setFailureHook(null);
        probe.free();
        assertEquals(used, frames.usedFrames());
        assertTrue(needed[0] >= 4, "a fork allocates its own PML4, PDPT and directories: " + needed[0]);
        for (int failAt = 1; failAt <= needed[0]; failAt++) {
            int[] n = {0};
            int limit = failAt;
            frames.setFailureHook(() -> ++n[0] == limit);
            assertNull(a.fork(), "allocation " + failAt + " failed");
            frames.setFailureHook(null);
            assertEquals(used, frames.usedFrames());
            assertEquals(1, mm.addressSpaces());
            assertEquals(1, frames.refCount(a.translate(VA)));
        }
        /* the parent's pages may be COW now: writing reclaims them without copying */
        long f = a.translate(VA);
        assertEquals(MemStatus.OK, a.writeLong(VA, 9));
        assertEquals(f, a.translate(VA));
        a.free();
        assertBaseline();
    }

    @Test
    void demandZeroFaultMapsAZeroedFrameOnce() {
        UserAddressSpace as = mm.createAddressSpace();
        assertEquals(MemStatus.OK, as.mapDemandZero(UserLayout.ARENA_BASE, UserLayout.ARENA_BYTES, RW,
                Region.Kind.ANONYMOUS));
        long used = frames.usedFrames();
        assertEquals(-1, as.translate(UserLayout.ARENA_BASE + 0x1234));
        long addr = UserLayout.ARENA_BASE + 5 * PAGE + 0x10;
        assertEquals(Fault.RESOLVED, as.handleFault(addr - PAGE, false));   /* builds the PD and PT */
        assertEquals(used + 3, frames.usedFrames(), "one page and its PD + PT");
        /* dirty a frame first so that "zeroed" means something */
        long junk = frames.allocate();
        m.memory.putLong(junk, -1);
        frames.release(junk);
        assertEquals(Fault.RESOLVED, as.handleFault(addr, Fault.ERR_WRITE | Fault.ERR_USER));
        long pa = as.translate(addr);
        assertEquals(junk + 0x10, pa, "the allocator hands the just-freed frame back");
        assertEquals(0, m.memory.getLong(junk));
        assertEquals(Pte.PRESENT | Pte.WRITABLE | Pte.USER | Pte.NX, as.pte(addr) & ~Pte.ADDRESS_MASK);
        assertEquals(2, mm.demandZeroFaults());
        assertEquals(Fault.RESOLVED, as.handleFault(addr, false));
        assertEquals(pa, as.translate(addr));
        assertEquals(2, mm.demandZeroFaults());
        assertEquals(used + 4, frames.usedFrames());
        as.free();
        assertBaseline();
    }

    @Test
    void faultsOutsideRegionsOrAgainstProtectionAreRealFaults() {
        UserAddressSpace as = mm.createAddressSpace();
        assertEquals(MemStatus.OK, as.mapDemandZero(VA, 4 * PAGE, Region.READ | Region.EXEC, Region.Kind.IMAGE));
        assertEquals(MemStatus.OK, as.mapDemandZero(UserLayout.ARENA_BASE, PAGE, RW, Region.Kind.ANONYMOUS));
        assertEquals(MemStatus.OK, as.mapDemandZero(UserLayout.GUARD_BASE, PAGE, Region.NONE, Region.Kind.GUARD));
        assertEquals(MemStatus.OK, as.mapDemandZero(UserLayout.STACK_BASE, UserLayout.STACK_BYTES, RW, Region.Kind.STACK));
        long used = frames.usedFrames();
        assertEquals(Fault.NO_REGION, as.handleFault(VA + 4 * PAGE, false));
        assertEquals(Fault.NO_REGION, as.handleFault(0x7000_0000L, true));
        assertEquals(Fault.BAD_ADDRESS, as.handleFault(0x10, false), "null page: kernel half");
        assertEquals(Fault.BAD_ADDRESS, as.handleFault(0x3FFF_FFFFL, false));
        assertEquals(Fault.BAD_ADDRESS, as.handleFault(0x0000_8000_0000_0000L, false), "non-canonical");
        assertEquals(Fault.BAD_ADDRESS, as.handleFault(0xFFFF_8000_0000_0000L, false), "higher half");
        assertEquals(Fault.BAD_ADDRESS, as.handleFault(-1L, false));
        assertEquals(Fault.PROTECTION, as.handleFault(VA, true), "write to read-only image");
        assertEquals(Fault.PROTECTION, as.handleFault(UserLayout.ARENA_BASE, Fault.ERR_FETCH | Fault.ERR_USER),
                "execute from the data arena");
        assertEquals(Fault.PROTECTION, as.handleFault(UserLayout.GUARD_BASE + 8, true), "stack overflow");
        assertEquals(Fault.PROTECTION, as.handleFault(VA, Fault.ERR_RESERVED | Fault.ERR_PRESENT), "reserved bit");
        assertEquals(used, frames.usedFrames(), "rejected faults allocate nothing");
        assertEquals(Fault.RESOLVED, as.handleFault(VA, Fault.ERR_FETCH | Fault.ERR_USER));
        assertEquals(0, as.pte(VA) & Pte.NX);
        assertEquals(Fault.RESOLVED, as.handleFault(UserLayout.STACK_TOP - 8, true));
        assertEquals(Fault.NO_REGION, as.handleFault(UserLayout.STACK_TOP, true));
        as.free();
        assertBaseline();
    }

    @Test
    void outOfMemoryInAFaultIsReportedAndLeaksNothing() {
        UserAddressSpace parent = mm.createAddressSpace();
        assertEquals(MemStatus.OK, parent.map(VA, PAGE, RW));
        UserAddressSpace child = parent.fork();
        assertEquals(MemStatus.OK, parent.mapDemandZero(0x10_0000_0000L, PAGE, RW, Region.Kind.ANONYMOUS));
        frames.setFailureHook(() -> true);
        assertEquals(Fault.NO_MEMORY, parent.handleFault(VA, true), "COW copy");
        assertEquals(Fault.NO_MEMORY, parent.handleFault(0x10_0000_0000L, true), "demand-zero page table");
        assertEquals(MemStatus.ENOMEM, parent.writeLong(VA, 1));
        assertEquals(MemStatus.ENOMEM, parent.read(0x10_0000_0000L, new byte[1]));
        frames.setFailureHook(null);
        assertEquals(1, frames.refCount(parent.translate(VA)));
        assertEquals(2, frames.refCount(parent.leafTable(VA)), "the failed copy left the table shared");
        assertArrayEquals(new long[] {parent.translate(VA)}, new long[] {child.translate(VA)});
        parent.free();
        child.free();
        assertBaseline();
    }

    /** Unmapping in a space whose table is shared copies the table first: the other space keeps its pages. */
    @Test
    void unmapFromASharedTableLeavesTheOtherSpaceAlone() {
        UserAddressSpace parent = mm.createAddressSpace();
        assertEquals(MemStatus.OK, parent.map(VA, 4 * PAGE, RW));
        for (int i = 0; i < 4; i++) {
            assertEquals(MemStatus.OK, parent.writeLong(VA + i * PAGE, 10 + i));
        }
        UserAddressSpace child = parent.fork();
        long shared = parent.leafTable(VA);
        assertEquals(MemStatus.OK, child.unmap(VA + PAGE, 2 * PAGE));
        assertEquals(shared, parent.leafTable(VA), "the parent keeps the table");
        assertNotEquals(shared, child.leafTable(VA));
        assertEquals(1, frames.refCount(shared));
        assertEquals(-1, child.translate(VA + PAGE));
        assertEquals(-1, child.translate(VA + 2 * PAGE));
        for (int i = 0; i < 4; i++) {
            assertEquals(10 + i, get(parent, VA + i * PAGE), "the parent's page " + i);
        }
        assertEquals(10, get(child, VA));
        assertEquals(13, get(child, VA + 3 * PAGE));
        assertEquals(2, parent.residentPages() - child.residentPages());
        /* out of frames for the copy: ENOMEM and nothing unmapped */
        UserAddressSpace third = parent.fork();
        frames.setFailureHook(() -> true);
        assertEquals(MemStatus.ENOMEM, third.unmap(VA, PAGE));
        frames.setFailureHook(null);
        assertEquals(10, get(third, VA));
        child.free();
        parent.free();
        assertEquals(13, get(third, VA + 3 * PAGE), "the last sharer keeps every page");
        third.free();
        assertBaseline();
    }

    /** Freeing spaces that share tables, in any order, returns every frame and every table. */
    @Test
    void sharedTablesAreFreedByTheirLastSharer() {
        UserAddressSpace a = mm.createAddressSpace();
        assertEquals(MemStatus.OK, a.map(VA, 8 * PAGE, RW));
        assertEquals(MemStatus.OK, a.writeLong(VA, 1));
        long tablesBefore = mm.pageTableFrames();
        UserAddressSpace[] forks = new UserAddressSpace[5];
        for (int i = 0; i < forks.length; i++) {
            forks[i] = a.fork();
        }
        assertEquals(6, frames.refCount(a.leafTable(VA)));
        assertTrue(mm.pageTableFrames() - tablesBefore < 5 * a.tableFrames(), "the forks share the leaf table");
        a.free();
        assertEquals(5, frames.refCount(forks[0].leafTable(VA)));
        assertEquals(1, get(forks[3], VA));
        for (int i : new int[] {2, 0, 4, 1, 3}) {
            forks[i].free();
        }
        assertBaseline();
    }

    /**
     * The process layout (UserLayout, user.ld): the stack's top, .data and .bss and the arena's
     * start lie in one 2 MiB range, so a parent and a child that both write there after a fork
     * hold one leaf table each (4 table frames a space: PML4, PDPT, directory, leaf), and the
     * stack's guard page still stops an overflow.
     */
    @Test
    void theWrittenPartsOfAProcessShareOneLeafTable() {
        UserAddressSpace parent = mm.createAddressSpace();
        assertEquals(MemStatus.OK, parent.mapDemandZero(UserLayout.GUARD_BASE, PAGE, Region.NONE, Region.Kind.GUARD));
        assertEquals(MemStatus.OK, parent.mapDemandZero(UserLayout.STACK_BASE, UserLayout.STACK_BYTES, RW, Region.Kind.STACK));
        assertEquals(MemStatus.OK, parent.mapDemandZero(UserLayout.DATA_BASE, UserLayout.ARENA_BASE - UserLayout.DATA_BASE, RW, Region.Kind.IMAGE));
        assertEquals(MemStatus.OK, parent.mapDemandZero(UserLayout.ARENA_BASE, UserLayout.ARENA_BYTES, RW, Region.Kind.ANONYMOUS));
        long[] written = {UserLayout.STACK_TOP - 8, UserLayout.DATA_BASE + 0x10_3008, UserLayout.ARENA_BASE + 0x4_8000};
        for (long va : written) {
            assertEquals(MemStatus.OK, parent.writeLong(va, 1));
        }
        assertEquals(4, parent.tableFrames(), "PML4, PDPT, directory and one leaf table");
        UserAddressSpace child = parent.fork();
        assertNotNull(child);
        for (long va : written) {
            assertEquals(MemStatus.OK, child.writeLong(va, 2));
            assertEquals(MemStatus.OK, parent.writeLong(va, 3));
        }
        assertEquals(4, child.tableFrames());
        assertEquals(4, parent.tableFrames());
        assertEquals(8, mm.pageTableFrames(), "no other table for either");
        for (long va : written) {
            assertEquals(2, get(child, va));
            assertEquals(3, get(parent, va));
        }
        /* the stack's guard page: an overflow is a protection fault in both */
        assertEquals(Fault.PROTECTION, child.handleFault(UserLayout.GUARD_BASE + 8, true));
        assertEquals(MemStatus.EFAULT, parent.writeLong(UserLayout.GUARD_BASE + 8, 1));
        /* a deep stack lies in the range below: its own table, for the space that goes there only */
        assertEquals(MemStatus.OK, child.writeLong(UserLayout.STACK_BASE, 4));
        assertEquals(5, child.tableFrames());
        assertEquals(4, parent.tableFrames());
        child.free();
        parent.free();
        assertBaseline();
    }
}
