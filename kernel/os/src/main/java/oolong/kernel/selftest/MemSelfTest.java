package oolong.kernel.selftest;

import static oolong.kernel.selftest.SelfTest.expect;

import java.util.List;
import oolong.kernel.arch.IdentityMappedMemory;
import oolong.kernel.arch.MemoryLayout;
import oolong.kernel.arch.Multiboot;
import oolong.kernel.arch.VirtualMemory;
import oolong.kernel.arch.X86Platform;
import oolong.kernel.boot.BootMemory;
import oolong.kernel.exec.ElfException;
import oolong.kernel.exec.ElfImage;
import oolong.kernel.log.Log;
import oolong.kernel.mem.Fault;
import oolong.kernel.mem.FrameAllocator;
import oolong.kernel.mem.Mapping;
import oolong.kernel.mem.MemStatus;
import oolong.kernel.mem.MemoryManager;
import oolong.kernel.mem.Pte;
import oolong.kernel.mem.Region;
import oolong.kernel.mem.UserAddressSpace;
import oolong.kernel.mem.UserLayout;
import oolong.kernel.selftest.SelfTest.Check;
import oolong.kernel.selftest.SelfTest.CheckFailed;

/**
 * The in-guest memory test ({@code memtest} on the kernel command line): the frame allocator over
 * the real memory map, real page tables loaded into CR3 and accessed from ring 0 through user
 * virtual addresses, copy-on-write fork, demand-zero, the TLB flushes, and the user image loaded
 * from its boot module. Every counter must come back to its baseline. Ends with
 * "memtest: N passed, N failed".
 */
public final class MemSelfTest {
    private static final long PAGE = 4096;
    private static final int RW = Region.READ | Region.WRITE;

    private final Multiboot boot;
    private final MemoryLayout layout;
    private final X86Platform cpu;
    private MemoryManager mm;
    private FrameAllocator frames;
    private long baselineFree;
    private int passed;
    private int failed;

    private MemSelfTest(Multiboot boot, MemoryLayout layout, X86Platform cpu) {
        this.boot = boot;
        this.layout = layout;
        this.cpu = cpu;
    }

    /** Runs every check; returns the number that failed. */
    public static int run(Multiboot boot, MemoryLayout layout, X86Platform cpu) {
        MemSelfTest t = new MemSelfTest(boot, layout, cpu);
        long start = cpu.clockNanos();
        Log.println("memtest: memory management on bare metal");
        t.check("frames: allocator from the multiboot memory map", t::allocatorFromMemoryMap);
        t.check("frames: allocate, share, release; every frame reachable through the identity map", t::allocateAndRelease);
        t.check("address space: map, load CR3, kernel reads and writes user addresses", t::mapAndTouch);
        t.check("fork: copy-on-write isolation, refcounts, last writer keeps its frame", t::forkIsolation);
        t.check("tlb: a COW copy of the current space is seen at once (invlpg)", t::tlbFlushOnCow);
        t.check("demand-zero: the fault handler maps zeroed frames", t::demandZero);
        t.check("faults: outside regions, kernel half, protection are rejected", t::realFaults);
        t.check("copy-in/out: page crossings and EFAULT", t::copyInOut);
        t.check("user image: user.elf loaded, bytes at the entry point match the module", t::userImage);
        t.check("stress: 100 fork/write/free rounds", t::stress);
        t.check("hot paths: faults and copy-in/out allocate no Java objects; timings", t::hotPaths);
        t.check("counters: every frame and page table back to the baseline", t::baseline);
        long ms = (cpu.clockNanos() - start) / 1_000_000;
        if (t.mm != null) {
            Log.println("memtest: " + t.mm.summary());
        }
        Log.println("memtest: " + t.passed + " passed, " + t.failed + " failed (" + ms + " ms)");
        return t.failed;
    }

    private void check(String name, Check c) {
        try {
            if (mm == null && !name.startsWith("frames: allocator")) {
                throw new CheckFailed("no memory manager");
            }
            c.run();
            passed++;
            Log.println("  ok    " + name);
        } catch (Throwable e) {
            failed++;
            Log.println("  FAIL  " + name + ": " + e.getClass().getName() + ": " + e.getMessage());
        } finally {
            if (mm != null && mm.current() != null) {
                mm.activateKernel();
            }
        }
    }

    static void expectEquals(long expected, long actual, String what) {
        if (expected != actual) {
            throw new CheckFailed(what + ": expected 0x" + Long.toHexString(expected) + " but was 0x"
                    + Long.toHexString(actual));
        }
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static long peek(long va) {
        return VirtualMemory.getLong(va);
    }

    private static void poke(long va, long value) {
        VirtualMemory.putLong(va, value);
    }

    private void expectBaseline(String when) {
        expectEquals(baselineFree, frames.freeFrames(), "free frames " + when);
        expectEquals(0, mm.pageTableFrames(), "page-table frames " + when);
        expectEquals(0, mm.addressSpaces(), "address spaces " + when);
    }

    // ------------------------------------------------------------------ checks

    void allocatorFromMemoryMap() {
        mm = BootMemory.memoryManager(boot, layout);
        frames = mm.frames();
        baselineFree = frames.freeFrames();
        Log.println("        " + frames.totalFrames() + " frames (" + (frames.totalFrames() >> 8) + " MiB) managed, "
                + frames.freeFrames() + " free, lowest " + hex(frames.lowestManaged()) + ", highest "
                + hex(frames.highestManaged()) + "; kernel PML4 " + hex(mm.kernelPml4()) + ", shared PD "
                + hex(mm.kernelPd()));
        expect(frames.totalFrames() > 1000, "too few frames");
        expectEquals(frames.totalFrames(), frames.freeFrames(), "nothing allocated yet");
        expect(!frames.isManaged(0) && !frames.isManaged(0x9F000), "below 1 MiB");
        for (long a = layout.imageStart & ~(PAGE - 1); a < layout.imageEnd; a += PAGE) {
            expect(!frames.isManaged(a), "kernel image frame " + hex(a));
        }
        for (Multiboot.Module m : boot.modules) {
            for (long a = m.start & ~(PAGE - 1); a < m.end; a += PAGE) {
                expect(!frames.isManaged(a), "module frame " + hex(a));
            }
        }
        expect(!frames.isManaged(layout.arenaStart) && !frames.isManaged(layout.arenaEnd - PAGE), "runtime arena");
        expect(frames.highestManaged() < FrameAllocator.LIMIT, "below 1 GiB");
        expect(frames.lowestManaged() >= layout.arenaEnd || frames.lowestManaged() < layout.arenaStart, "lowest frame");
        expect((cpu.cr0() & (1L << 16)) != 0, "CR0.WP is on");
        expectEquals(mm.kernelPml4(), cpu.cr3() & Pte.ADDRESS_MASK, "boot CR3");
        String bad = frames.checkConsistency();
        expect(bad == null, String.valueOf(bad));
    }

    void allocateAndRelease() {
        long[] got = new long[256];
        for (int i = 0; i < got.length; i++) {
            got[i] = frames.allocate();
            expect(got[i] > 0, "allocation " + i);
            IdentityMappedMemory.INSTANCE.putLong(got[i], got[i] ^ 0x5A5A);
        }
        /* the very last managed frame is usable RAM */
        expectEquals(baselineFree - got.length, frames.freeFrames(), "free after allocating");
        for (long f : got) {
            expectEquals(f ^ 0x5A5A, IdentityMappedMemory.INSTANCE.getLong(f), "frame contents at " + hex(f));
            frames.retain(f);
            expectEquals(2, frames.refCount(f), "shared count");
            frames.release(f);
            frames.release(f);
        }
        expectEquals(baselineFree, frames.freeFrames(), "free after releasing");
        boolean threw = false;
        try {
            frames.release(got[0]);
        } catch (IllegalStateException e) {
            threw = true;
        }
        expect(threw, "double free detected");
        long top = frames.highestManaged();
        IdentityMappedMemory.INSTANCE.putLong(top + PAGE - 8, 0x1234);
        expectEquals(0x1234, IdentityMappedMemory.INSTANCE.getLong(top + PAGE - 8), "top of RAM");
        expectBaseline("after the frame test");
    }

    void mapAndTouch() {
        UserAddressSpace as = mm.createAddressSpace();
        expect(as != null, "create");
        long low = 0x1_0000_0000L;                 /* PML4[0], PDPT[4] */
        long high = 0x0000_4000_0000_0000L;        /* PML4[128] */
        expectEquals(MemStatus.OK, as.map(low, 4 * PAGE, RW), "map low");
        expectEquals(MemStatus.OK, as.map(high, PAGE, RW), "map high");
        expectEquals(MemStatus.OK, as.writeLong(low + 8, 0x1111), "copy-out before activation");
        as.activate();
        expectEquals(as.pml4(), cpu.cr3() & Pte.ADDRESS_MASK, "CR3 loaded");
        expectEquals(0x1111, peek(low + 8), "kernel read through the user address");
        for (int i = 0; i < 4; i++) {
            poke(low + i * PAGE + 16, 0xABC0 + i);
        }
        poke(high + 4088, -7);
        for (int i = 0; i < 4; i++) {
            expectEquals(0xABC0 + i, IdentityMappedMemory.INSTANCE.getLong(as.translate(low + i * PAGE + 16)),
                    "the frame behind page " + i);
        }
        long[] out = new long[1];
        expectEquals(MemStatus.OK, as.readLong(high + 4088, out), "copy-in");
        expectEquals(-7, out[0], "copy-in value");
        /* the kernel's identity map is still there: this Java code and its heap keep running */
        mm.activateKernel();
        expectEquals(mm.kernelPml4(), cpu.cr3() & Pte.ADDRESS_MASK, "CR3 back to the kernel's");
        Log.println("        " + as);
        as.free();
        expectBaseline("after free");
    }

    void forkIsolation() {
        long va = 0x4000_0000L;
        UserAddressSpace parent = mm.createAddressSpace();
        expectEquals(MemStatus.OK, parent.map(va, 2 * PAGE, RW), "map");
        parent.activate();
        poke(va, 100);
        poke(va + PAGE, 200);
        UserAddressSpace child = parent.fork();
        expect(child != null, "fork");
        long shared = parent.translate(va);
        expectEquals(shared, child.translate(va), "shared frame");
        expectEquals(parent.leafTable(va), child.leafTable(va), "the leaf table is shared after fork");
        expectEquals(2, frames.refCount(parent.leafTable(va)), "the shared table's count");
        expectEquals(1, frames.refCount(shared), "the frame is held once, by the shared table");
        expect((parent.pte(va) & (Pte.WRITABLE | Pte.COW)) == Pte.COW, "parent PTE is read-only COW");
        expectEquals(100, peek(va), "parent still reads");
        /* the parent writes (copy-out resolves COW; a direct write would fault with CR0.WP) */
        expectEquals(MemStatus.OK, parent.writeLong(va, 101), "parent write");
        expectEquals(101, peek(va), "parent sees its write");
        expect(parent.leafTable(va) != child.leafTable(va), "the writer copied the table");
        child.activate();
        expectEquals(100, peek(va), "child does not see the parent's write");
        expectEquals(1, frames.refCount(shared), "the original frame now belongs to the child only");
        expectEquals(Fault.RESOLVED, child.handleFault(va, true), "child write fault");
        expectEquals(shared, child.translate(va), "last writer keeps the frame");
        poke(va, 102);
        expectEquals(102, peek(va), "child writes directly now");
        expectEquals(200, peek(va + PAGE), "second page still shared");
        parent.activate();
        expectEquals(101, peek(va), "parent unaffected");
        mm.activateKernel();
        child.free();
        parent.free();
        expectBaseline("after freeing both");
    }

    void tlbFlushOnCow() {
        long va = 0x4000_0000L;
        UserAddressSpace parent = mm.createAddressSpace();
        expectEquals(MemStatus.OK, parent.map(va, PAGE, RW), "map");
        parent.activate();
        poke(va, 1);
        UserAddressSpace child = parent.fork();
        expectEquals(1, peek(va), "read caches the shared translation");
        expectEquals(MemStatus.OK, parent.writeLong(va, 2), "copy-out copies the page");
        expectEquals(2, peek(va), "the new frame is seen, not the stale TLB entry");
        poke(va, 3);   /* now writable: a direct write works */
        expectEquals(3, peek(va), "direct write");
        /* unmap + map at the same address: the old translation must be gone */
        expectEquals(MemStatus.OK, parent.unmap(va, PAGE), "unmap");
        expectEquals(MemStatus.OK, parent.map(va, PAGE, RW), "map again");
        expectEquals(0, peek(va), "a fresh zeroed page");
        mm.activateKernel();
        child.free();
        parent.free();
        expectBaseline("after the TLB test");
    }

    void demandZero() {
        UserAddressSpace as = mm.createAddressSpace();
        expectEquals(MemStatus.OK, as.mapDemandZero(UserLayout.ARENA_BASE, UserLayout.ARENA_BYTES, RW,
                Region.Kind.ANONYMOUS), "region");
        long used = frames.usedFrames();
        expectEquals(-1, as.translate(UserLayout.ARENA_BASE), "nothing mapped yet");
        long va = UserLayout.ARENA_BASE + UserLayout.ARENA_BYTES - PAGE;
        /* dirty some frames first so that zeroing matters */
        long[] junk = new long[8];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = frames.allocate();
            IdentityMappedMemory.INSTANCE.putLong(junk[i] + 64, -1);
        }
        for (long j : junk) {
            frames.release(j);
        }
        expectEquals(Fault.RESOLVED, as.handleFault(va + 64, Fault.ERR_WRITE | Fault.ERR_USER), "write fault");
        as.activate();
        expectEquals(0, peek(va + 64), "zeroed");
        poke(va + 64, 77);
        expectEquals(77, peek(va + 64), "written");
        mm.activateKernel();
        expectEquals(used + 3, frames.usedFrames(), "one page + PD + PT");
        as.free();
        expectBaseline("after demand-zero");
    }

    void realFaults() {
        UserAddressSpace as = mm.createAddressSpace();
        expectEquals(MemStatus.OK, as.map(0x4000_0000L, PAGE, Region.READ | Region.EXEC), "map");
        expectEquals(Fault.NO_REGION, as.handleFault(0x4000_1000L, false), "outside");
        expectEquals(Fault.BAD_ADDRESS, as.handleFault(0x1000, false), "kernel half");
        expectEquals(Fault.BAD_ADDRESS, as.handleFault(0x8000_0000_0000L, false), "non-canonical");
        expectEquals(Fault.PROTECTION, as.handleFault(0x4000_0000L, true), "write to read-only");
        expectEquals(Fault.PROTECTION, as.handleFault(0x4000_0000L, Fault.ERR_PRESENT | Fault.ERR_RESERVED), "reserved bit");
        as.free();
        expectBaseline("after the fault checks");
    }

    void copyInOut() {
        UserAddressSpace as = mm.createAddressSpace();
        long va = 0x4000_0000L;
        expectEquals(MemStatus.OK, as.map(va, 3 * PAGE, RW), "map");
        byte[] data = new byte[6000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 13);
        }
        expectEquals(MemStatus.OK, as.write(va + PAGE - 50, data), "copy-out across pages");
        byte[] back = new byte[6000];
        expectEquals(MemStatus.OK, as.read(va + PAGE - 50, back), "copy-in across pages");
        for (int i = 0; i < data.length; i++) {
            expect(back[i] == data[i], "byte " + i);
        }
        as.activate();
        expectEquals(data[50] & 0xFF, VirtualMemory.getByte(va + PAGE) & 0xFF, "through the page tables");
        mm.activateKernel();
        expectEquals(MemStatus.EFAULT, as.read(va + 3 * PAGE - 4, new byte[8]), "past the end");
        expectEquals(MemStatus.EFAULT, as.read(0x10_0000, new byte[8]), "kernel half");
        expectEquals(MemStatus.EFAULT, as.write(0x8000_0000_0000L, new byte[8]), "non-canonical");
        expectEquals(MemStatus.EFAULT, as.write(-8, new byte[8]), "kernel higher half");
        as.free();
        expectBaseline("after copy-in/out");
    }

    void userImage() throws ElfException {
        ElfImage elf = BootMemory.userImage(boot);
        Multiboot.Module module = null;
        for (Multiboot.Module m : boot.modules) {
            if (m.start == elf.start()) {
                module = m;
            }
        }
        expect(module != null && module.name.endsWith("user.elf"), "the user.elf module");
        IdentityMappedMemory pm = IdentityMappedMemory.INSTANCE;
        UserAddressSpace as = mm.createAddressSpace();
        expectEquals(MemStatus.OK, elf.loadProcess(as), "load");
        ElfImage.Segment text = elf.segments().get(0);
        long entryInFile = module.start + text.offset + (elf.entry() - text.vaddr);
        as.activate();
        for (int i = 0; i < 64; i += 8) {
            expectEquals(pm.getLong(entryInFile + i), peek(elf.entry() + i), "bytes at entry+" + i);
        }
        /* every file byte of every segment, read through the page tables (in longs) */
        for (ElfImage.Segment s : elf.segments()) {
            long n = s.filesz & ~7L;
            for (long o = 0; o < n; o += 8) {
                long want = pm.getLong(module.start + s.offset + o);
                long got = peek(s.vaddr + o);
                if (want != got) {
                    expectEquals(want, got, s + " at +" + hex(o));
                }
            }
        }
        mm.activateKernel();
        expectEquals(module.start + text.offset, Pte.frame(as.pte(text.vaddr)), "text mapped from the module");
        ElfImage.Segment data = elf.segments().get(elf.segments().size() - 1);
        byte[] bss = new byte[(int) (data.memsz - data.filesz)];
        expectEquals(MemStatus.OK, as.read(data.vaddr + data.filesz, bss), "read .bss");
        for (byte b : bss) {
            expect(b == 0, ".bss is zero");
        }
        Log.println("        entry " + hex(elf.entry()) + "; " + as);
        List<Mapping> ms = as.mappings();
        for (Mapping m : ms) {
            Log.println("        " + m);
        }
        UserAddressSpace child = as.fork();
        expect(child != null, "fork the image");
        expectEquals(MemStatus.OK, child.writeLong(data.vaddr, 0x5EED), "child writes its data");
        long[] out = new long[1];
        expectEquals(MemStatus.OK, as.readLong(data.vaddr, out), "parent reads");
        expectEquals(pm.getLong(module.start + data.offset), out[0], "parent data unchanged");
        expectEquals(pm.getLong(module.start + data.offset), out[0], "module unchanged");
        child.free();
        as.free();
        expectBaseline("after the user image");
    }

    void stress() {
        UserAddressSpace root = mm.createAddressSpace();
        expectEquals(MemStatus.OK, root.map(0x4000_0000L, 16 * PAGE, RW), "map");
        expectEquals(MemStatus.OK, root.mapDemandZero(UserLayout.STACK_BASE, UserLayout.STACK_BYTES, RW,
                Region.Kind.STACK), "stack");
        UserAddressSpace[] live = new UserAddressSpace[8];
        for (int round = 0; round < 100; round++) {
            int slot = round % live.length;
            if (live[slot] != null) {
                live[slot].free();
            }
            UserAddressSpace c = root.fork();
            expect(c != null, "fork " + round);
            expectEquals(MemStatus.OK, c.writeLong(0x4000_0000L + (round % 16) * PAGE, round), "write " + round);
            expectEquals(MemStatus.OK, c.writeLong(UserLayout.STACK_TOP - 8 - 4096L * (round % 64), round), "stack");
            live[slot] = c;
        }
        for (UserAddressSpace c : live) {
            c.free();
        }
        root.free();
        expectBaseline("after the stress rounds");
    }

    private static Object sink;

    void hotPaths() {
        /* positive control: the runtime's allocation counter moves when Java allocates */
        long a0 = cpu.gcAllocations();
        for (int i = 0; i < 10; i++) {
            sink = new byte[16];
        }
        boolean counted = cpu.gcAllocations() - a0 >= 10;
        int pages = 512;
        long base = 0x4000_0000L;
        UserAddressSpace as = mm.createAddressSpace();
        expectEquals(MemStatus.OK, as.mapDemandZero(base, pages * PAGE, RW, Region.Kind.ANONYMOUS), "region");
        long[] out = new long[1];
        long allocBefore = cpu.gcAllocations();
        long t0 = cpu.clockNanos();
        for (int i = 0; i < pages; i++) {
            if (as.handleFault(base + i * PAGE, Fault.ERR_WRITE | Fault.ERR_USER) != Fault.RESOLVED) {
                throw new CheckFailed("demand-zero fault " + i);
            }
        }
        long t1 = cpu.clockNanos();
        UserAddressSpace child = as.fork();
        long t2 = cpu.clockNanos();
        for (int i = 0; i < pages; i++) {
            if (as.writeLong(base + i * PAGE + 8, i) != MemStatus.OK) {
                throw new CheckFailed("COW write " + i);
            }
        }
        long t3 = cpu.clockNanos();
        for (int i = 0; i < pages; i++) {
            if (child.readLong(base + i * PAGE + 8, out) != MemStatus.OK || out[0] != 0) {
                throw new CheckFailed("child read " + i);
            }
        }
        long t4 = cpu.clockNanos();
        long allocations = cpu.gcAllocations() - allocBefore;
        /* fork allocates one UserAddressSpace and its region list: a handful, not per page */
        Log.println("        per page: demand-zero fault " + (t1 - t0) / pages + " ns, fork " + (t2 - t1) / pages
                + " ns, COW write " + (t3 - t2) / pages + " ns, copy-in " + (t4 - t3) / pages + " ns; Java allocations "
                + (counted ? String.valueOf(allocations) : "(not counted by this runtime)"));
        if (counted) {
            expect(allocations <= 8, allocations + " Java allocations for " + pages + " pages");
        }
        child.free();
        as.free();
        expectBaseline("after the hot-path test");
    }

    void baseline() {
        expectBaseline("at the end");
        String bad = frames.checkConsistency();
        expect(bad == null, String.valueOf(bad));
    }
}
