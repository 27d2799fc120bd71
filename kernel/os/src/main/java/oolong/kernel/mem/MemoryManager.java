package oolong.kernel.mem;

import oolong.kernel.platform.Tlb;
import oolong.kernel.platform.PhysicalMemory;
/**
 * The memory system of one machine: physical memory, the frame allocator, the TLB, the kernel's
 * shared page directory, the address spaces and their counters, and which address space is in CR3.
 *
 * <p>In the guest there is one, made at boot by oolong.kernel.boot.BootMemory;
 * host tests make their own with {@link SimulatedMachine}.
 */
public final class MemoryManager {
    private final PhysicalMemory mem;
    private final FrameAllocator frames;
    private final Tlb tlb;
    private final long kernelPml4;
    private final long kernelPd;
    private final UserCopy userCopy;

    private UserAddressSpace current;
    private int addressSpaces;
    private long addressSpacesCreated;
    private long pageTableFrames;
    private long demandZeroFaults;
    private long cowCopies;
    private long tableCopies;
    private long cowReuses;

    /**
     * @param kernelPml4 the kernel's own PML4 (the boot CR3): loaded when no user address space is
     * @param kernelPd   the page directory mapping [0, 1 GiB), shared (supervisor-only) by every address space
     */
    public MemoryManager(PhysicalMemory mem, FrameAllocator frames, Tlb tlb, long kernelPml4, long kernelPd) {
        this.mem = mem;
        this.frames = frames;
        this.tlb = tlb;
        this.kernelPml4 = kernelPml4;
        this.kernelPd = kernelPd;
        this.userCopy = new UserCopy(mem);
    }

    /**
     * A fresh user address space: its own PML4 and the PDPT for PML4[0], whose entry 0 is the
     * kernel's shared page directory. Null when no frames are left.
     */
    public UserAddressSpace createAddressSpace() {
        long pml4 = allocateTable();
        if (pml4 < 0) {
            return null;
        }
        long pdpt = allocateTable();
        if (pdpt < 0) {
            freeTable(pml4);
            return null;
        }
        mem.putLong(pdpt, kernelPd | Pte.PRESENT | Pte.WRITABLE);
        mem.putLong(pml4, pdpt | Pte.TABLE_FLAGS);
        addressSpaces++;
        addressSpacesCreated++;
        return new UserAddressSpace(this, pml4, addressSpacesCreated);
    }

    /** Loads CR3 with this address space and remembers it as current (for TLB flushes). */
    public void activate(UserAddressSpace space) {
        tlb.load(space.pml4());
        current = space;
    }

    /** Loads the kernel's own page tables (no user mappings). */
    public void activateKernel() {
        tlb.load(kernelPml4);
        current = null;
    }

    /**
     * The hook for code that loads CR3 itself (e.g. on the way back to user mode): tells which
     * address space is now in CR3 (null: the kernel's). PTE changes flush the TLB only for it.
     */
    public void setCurrent(UserAddressSpace space) {
        current = space;
    }

    /** The address space in CR3, or null when it is the kernel's. */
    public UserAddressSpace current() {
        return current;
    }

    // ------------------------------------------------------------------ page-table frames

    /** A zeroed frame for a page table, counted; -1 when none. */
    long allocateTable() {
        long f = frames.allocate();
        if (f < 0) {
            return -1;
        }
        mem.zero(f, FrameAllocator.FRAME_SIZE);
        pageTableFrames++;
        return f;
    }

    void freeTable(long frame) {
        frames.release(frame);
        pageTableFrames--;
    }

    /** Drops one space's reference to a page table shared since a fork; the table lives on. */
    void releaseSharedTable(long frame) {
        frames.release(frame);
    }

    void addressSpaceFreed(UserAddressSpace space) {
        addressSpaces--;
        if (current == space) {
            current = null;
        }
    }

    void countDemandZero() {
        demandZeroFaults++;
    }

    void countTableCopy() {
        tableCopies++;
    }

    /** Page tables shared since a fork that a space copied before changing one of its pages. */
    public long tableCopies() {
        return tableCopies;
    }

    void countCowCopy() {
        cowCopies++;
    }

    void countCowReuse() {
        cowReuses++;
    }

    /** The copy-in/copy-out engine every address space of this manager uses. */
    UserCopy userCopy() {
        return userCopy;
    }

    // ------------------------------------------------------------------ accessors and counters

    public PhysicalMemory memory() {
        return mem;
    }

    public FrameAllocator frames() {
        return frames;
    }

    public Tlb tlb() {
        return tlb;
    }

    public long kernelPml4() {
        return kernelPml4;
    }

    public long kernelPd() {
        return kernelPd;
    }

    /** Address spaces alive now. */
    public int addressSpaces() {
        return addressSpaces;
    }

    /** Frames used as page tables by all user address spaces (PML4s, PDPTs, PDs, PTs). */
    public long pageTableFrames() {
        return pageTableFrames;
    }

    /** Faults (and kernel copies) that mapped a zeroed frame into a region. */
    public long demandZeroFaults() {
        return demandZeroFaults;
    }

    /** Copy-on-write faults that copied the page. */
    public long cowCopies() {
        return cowCopies;
    }

    /** Copy-on-write faults that found the frame no longer shared and just made it writable. */
    public long cowReuses() {
        return cowReuses;
    }

    /** One line for the REPL's stats / the console. */
    public String summary() {
        return "frames: " + frames.usedFrames() + " used, " + frames.freeFrames() + " free, " + frames.totalFrames()
                + " total; address spaces: " + addressSpaces + "; page-table frames: " + pageTableFrames
                + "; demand-zero " + demandZeroFaults + ", cow copies " + cowCopies + ", cow reuses " + cowReuses
                + ", shared tables copied " + tableCopies;
    }
}
