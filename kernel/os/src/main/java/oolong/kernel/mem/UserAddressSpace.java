package oolong.kernel.mem;

import oolong.kernel.platform.PhysicalMemory;
import java.util.ArrayList;
import java.util.List;

/**
 * One user address space: x86-64 4-level page tables and a sorted list of {@link Region}s.
 *
 * <p>Structure: its own PML4; PML4[0] points to its own PDPT, whose entry 0 is the kernel's shared
 * page directory for [0, 1 GiB) (supervisor-only, never freed here); user mappings live in
 * PDPT[1..511] and PML4[1..255]. Intermediate entries are present|writable|user; the leaf entry
 * decides: user, writable only for a private page of a writable region, NX unless the region is
 * executable, and the software {@link Pte#COW} bit (read-only) for a frame shared copy-on-write.
 *
 * <p>Hot paths (faults, copy-in/out) do not allocate Java objects.
 */
public final class UserAddressSpace implements AddressSpace {
    private static final long PAGE = FrameAllocator.FRAME_SIZE;
    private static final long OFFSET_MASK = PAGE - 1;

    /** Access kinds for {@link #resolve}. */
    static final int ACCESS_READ = 0;
    static final int ACCESS_WRITE = 1;
    static final int ACCESS_EXEC = 2;

    private final MemoryManager mm;
    private final PhysicalMemory mem;
    private final FrameAllocator frames;
    private final long pml4;
    private final long id;
    private final RegionList regions = new RegionList();
    /* counted by this class and by PageTableTree as it copies and frees the tree */
    long tableFrames = 2;
    long residentPages;
    private boolean freed;

    UserAddressSpace(MemoryManager mm, long pml4, long id) {
        this.mm = mm;
        this.mem = mm.memory();
        this.frames = mm.frames();
        this.pml4 = pml4;
        this.id = id;
    }

    @Override
    public long pml4() {
        return pml4;
    }

    /** A serial number, for dumps. */
    public long id() {
        return id;
    }

    public MemoryManager manager() {
        return mm;
    }

    /** Loads this address space into CR3 (and makes it the current one). */
    @Override
    public void activate() {
        checkAlive();
        mm.activate(this);
    }

    public boolean isFreed() {
        return freed;
    }

    /** Leaf pages mapped now. */
    public long residentPages() {
        return residentPages;
    }

    /** Page-table frames of this address space, PML4 and its own PDPT included. */
    public long tableFrames() {
        return tableFrames;
    }

    private void checkAlive() {
        if (freed) {
            throw new IllegalStateException("address space " + id + " used after free()");
        }
    }

    // ------------------------------------------------------------------ regions

    @Override
    public List<Region> regions() {
        return regions.view();
    }

    /** The region containing {@code address}, or null. Binary search, no allocation. */
    public Region findRegion(long address) {
        return regions.find(address);
    }

    private static long pageRoundUp(long length) {
        return (length + OFFSET_MASK) & ~OFFSET_MASK;
    }

    private int checkRange(long address, long length) {
        if ((address & OFFSET_MASK) != 0 || length <= 0 || length > UserLayout.USER_TOP) {
            return MemStatus.EINVAL;
        }
        if (!UserLayout.inUserSpace(address, pageRoundUp(length))) {
            return MemStatus.EINVAL;
        }
        return MemStatus.OK;
    }

    /**
     * Adds a region whose pages appear, zeroed, when first touched. Write or execute permission
     * implies read. EINVAL (misaligned, empty, outside user space), EEXIST (overlaps a region).
     */
    @Override
    public int mapDemandZero(long address, long length, int prot, Region.Kind kind) {
        checkAlive();
        int s = checkRange(address, length);
        if (s != MemStatus.OK) {
            return s;
        }
        long end = address + pageRoundUp(length);
        if (regions.overlaps(address, end)) {
            return MemStatus.EEXIST;
        }
        if (prot != Region.NONE) {
            prot |= Region.READ;   /* x86 pages are always readable when present */
        }
        regions.insert(new Region(address, end, prot, kind));
        return MemStatus.OK;
    }

    @Override
    public int map(long address, long length, int prot) {
        int s = mapDemandZero(address, length, prot, Region.Kind.ANONYMOUS);
        if (s != MemStatus.OK || prot == Region.NONE) {
            return s;
        }
        long end = address + pageRoundUp(length);
        for (long p = address; p < end; p += PAGE) {
            if (resolve(p, ACCESS_READ) < 0) {
                unmap(address, end - address);
                return MemStatus.ENOMEM;
            }
        }
        return MemStatus.OK;
    }

    @Override
    public int unmap(long address, long length) {
        checkAlive();
        int s = checkRange(address, length);
        if (s != MemStatus.OK) {
            return s;
        }
        long end = address + pageRoundUp(length);
        if (!PageTableTree.unshareRange(this, address, end)) {
            return MemStatus.ENOMEM;
        }
        regions.remove(address, end);
        releaseRange(address, end);
        return MemStatus.OK;
    }

    @Override
    public long findFree(long length) {
        return findFree(UserLayout.MMAP_BASE, length);
    }

    /** The lowest page-aligned free range of {@code length} bytes at or above {@code from}, or ENOMEM/EINVAL. */
    public long findFree(long from, long length) {
        if (length <= 0 || length > UserLayout.USER_TOP) {
            return MemStatus.EINVAL;
        }
        return regions.findFree(Math.max(pageRoundUp(from), UserLayout.USER_BASE), pageRoundUp(length));
    }

    // ------------------------------------------------------------------ page tables

    static int index(long address, int shift) {
        return (int) ((address >>> shift) & 511);
    }

    /**
     * The page table holding the leaf for {@code address}, or minus the shift (39, 30 or 21) of the
     * level whose entry is missing, so that a walk over a range can skip to {@link #past} it.
     */
    long leafTableOrGap(long address) {
        long table = pml4;
        for (int shift = 39; shift > 12; shift -= 9) {
            long e = mem.getLong(table + ((long) index(address, shift) << 3));
            if ((e & Pte.PRESENT) == 0) {
                return -shift;
            }
            table = e & Pte.ADDRESS_MASK;
        }
        return table;
    }

    /** The first address after the range that an entry at this level (its shift) maps. */
    static long past(long address, int shift) {
        long step = 1L << shift;
        return (address & ~(step - 1)) + step;
    }

    /**
     * The physical address of the leaf PTE for {@code address}; 0 when a table on the way is missing
     * and {@code create} is false; -1 when a table was needed and no frame was left.
     */
    long pteSlot(long address, boolean create) {
        long table = pml4;
        for (int shift = 39; shift > 12; shift -= 9) {
            long slot = table + ((long) index(address, shift) << 3);
            long e = mem.getLong(slot);
            if ((e & Pte.PRESENT) == 0) {
                if (!create) {
                    return 0;
                }
                long t = mm.allocateTable();
                if (t < 0) {
                    return -1;
                }
                tableFrames++;
                e = t | Pte.TABLE_FLAGS;
                mem.putLong(slot, e);
            } else if (create && shift == 21 && frames.refCount(e & Pte.ADDRESS_MASK) > 1) {
                e = PageTableTree.unshare(this, slot, e);      /* the caller writes a leaf: the table must be ours */
                if (e < 0) {
                    return -1;
                }
            }
            table = e & Pte.ADDRESS_MASK;
        }
        return table + ((long) index(address, 12) << 3);
    }

    /** The page table (its frame) holding the leaf for a user address, 0 when none. For tests (memtest too). */
    public long leafTable(long address) {
        long slot = pteSlot(address, false);
        return slot <= 0 ? 0 : slot & Pte.ADDRESS_MASK;
    }

    /** The raw leaf PTE for a user address (0 when none). For tests and dumps. */
    public long pte(long address) {
        if (!UserLayout.inUserSpace(address, 1)) {
            return 0;
        }
        long slot = pteSlot(address, false);
        return slot == 0 ? 0 : mem.getLong(slot);
    }

    @Override
    public long translate(long address) {
        long e = pte(address);
        if ((e & Pte.PRESENT) == 0) {
            return -1;
        }
        return (e & Pte.ADDRESS_MASK) | (address & OFFSET_MASK);
    }

    private void flush(long address) {
        if (mm.current() == this) {
            mm.tlb().invalidate(address);
        }
    }

    void flushAll() {
        if (mm.current() == this) {
            mm.tlb().load(pml4);
        }
    }

    /** Clears every leaf PTE in [start, end), dropping its frame reference; skips missing tables. */
    private void releaseRange(long start, long end) {
        long address = start;
        long released = 0;
        while (address < end) {
            long table = leafTableOrGap(address);
            if (table < 0) {
                address = past(address, (int) -table);
                continue;
            }
            long slot = table + ((long) index(address, 12) << 3);
            long e = mem.getLong(slot);
            if ((e & Pte.PRESENT) != 0 && frames.refCount(table) > 1) {
                throw new IllegalStateException("releasing a page of a shared page table at 0x" + Long.toHexString(address)
                        + " (unshareRange first)");
            }
            if ((e & Pte.PRESENT) != 0) {
                mem.putLong(slot, 0);
                frames.release(e & Pte.ADDRESS_MASK);
                residentPages--;
                released++;
                if (released <= 32) {
                    flush(address);
                }
            }
            address += PAGE;
        }
        if (released > 32) {
            flushAll();
        }
    }

    // ------------------------------------------------------------------ faults

    /**
     * Makes the page holding {@code address} accessible for {@code access} as a user access would:
     * maps a zeroed frame for an untouched page of a region, copies (or reclaims) a copy-on-write
     * page on write. Returns the physical address of the page's frame, or minus a {@link Fault} code.
     */
    long resolve(long address, int access) {
        if (!UserLayout.inUserSpace(address, 1)) {
            return -Fault.BAD_ADDRESS;
        }
        Region r = findRegion(address);
        if (r == null) {
            return -Fault.NO_REGION;
        }
        if (!r.readable() || (access == ACCESS_WRITE && !r.writable()) || (access == ACCESS_EXEC && !r.executable())) {
            return -Fault.PROTECTION;
        }
        /* a look first: an access the present page already allows changes nothing, so a page
           table shared since a fork stays shared (copy-in of a buffer, a read fault after a stale
           TLB entry); only a change below copies it (pteSlot with create) */
        long seen = pteSlot(address, false);
        if (seen > 0) {
            long e = mem.getLong(seen);
            if ((e & Pte.PRESENT) != 0 && (access != ACCESS_WRITE || (e & Pte.WRITABLE) != 0)
                    && (access != ACCESS_EXEC || (e & Pte.NX) == 0)) {
                return e & Pte.ADDRESS_MASK;
            }
        }
        long slot = pteSlot(address, true);
        if (slot < 0) {
            return -Fault.NO_MEMORY;
        }
        long e = mem.getLong(slot);
        long page = address & ~OFFSET_MASK;
        if ((e & Pte.PRESENT) == 0) {
            long f = frames.allocate();
            if (f < 0) {
                return -Fault.NO_MEMORY;
            }
            mem.zero(f, PAGE);
            mem.putLong(slot, f | r.leafFlags());
            residentPages++;
            mm.countDemandZero();
            flush(page);
            return f;
        }
        long frame = e & Pte.ADDRESS_MASK;
        if (access == ACCESS_WRITE && (e & Pte.WRITABLE) == 0) {
            if ((e & Pte.COW) == 0) {
                return -Fault.PROTECTION;
            }
            if (frames.isManaged(frame) && frames.refCount(frame) == 1) {
                mem.putLong(slot, (e | Pte.WRITABLE) & ~Pte.COW);
                mm.countCowReuse();
            } else {
                long f = frames.allocate();
                if (f < 0) {
                    return -Fault.NO_MEMORY;
                }
                mem.copy(f, frame, PAGE);
                mem.putLong(slot, (e & ~(Pte.ADDRESS_MASK | Pte.COW)) | f | Pte.WRITABLE);
                frames.release(frame);
                mm.countCowCopy();
                frame = f;
            }
            flush(page);
            return frame;
        }
        if (access == ACCESS_EXEC && (e & Pte.NX) != 0) {
            return -Fault.PROTECTION;
        }
        return frame;
    }

    /**
     * Page-fault entry with the CPU's error code (vector 14; the address is CR2). Returns
     * {@link Fault#RESOLVED} (retry the instruction) or the reason it is a real fault: the caller
     * kills the process (or, for a fault in kernel code outside copy-in/out, panics).
     */
    @Override
    public int handleFault(long address, long errorCode) {
        if ((errorCode & Fault.ERR_RESERVED) != 0) {
            return Fault.PROTECTION;
        }
        int access = (errorCode & Fault.ERR_FETCH) != 0 ? ACCESS_EXEC
                : (errorCode & Fault.ERR_WRITE) != 0 ? ACCESS_WRITE : ACCESS_READ;
        return handle(address, access);
    }

    /** Page-fault entry by access kind (a kernel-mode access to a user address is handled like a user one). */
    public int handleFault(long address, boolean write) {
        return handle(address, write ? ACCESS_WRITE : ACCESS_READ);
    }

    private int handle(long address, int access) {
        checkAlive();
        long r = resolve(address, access);
        if (r >= 0) {
            flush(address & ~OFFSET_MASK);   /* a spurious fault (stale TLB entry) resolves too */
            return Fault.RESOLVED;
        }
        return (int) -r;
    }

    // ------------------------------------------------------------------ copy-in / copy-out (UserCopy)

    /**
     * Copy-in: {@code length} bytes at user {@code address} into {@code dst[offset..]}. OK, EFAULT
     * (unmapped, kernel half, non-canonical), ENOMEM (a demand-zero page could not be had) or EINVAL
     * (bad array bounds). Untouched pages of a region read as zeros (they are mapped on the way).
     * On failure the bytes before the faulting page may already have been copied.
     */
    @Override
    public int read(long address, byte[] dst, int offset, int length) {
        checkAlive();
        return mm.userCopy().copy(this, address, dst, offset, length, ACCESS_READ);
    }

    /**
     * Copy-out: {@code src[offset..offset+length)} to user {@code address}. Like a user write:
     * EFAULT for read-only regions too; copy-on-write pages are copied first (with CR0.WP the
     * kernel could not write through their read-only PTEs anyway). Partial on failure, as read.
     */
    @Override
    public int write(long address, byte[] src, int offset, int length) {
        checkAlive();
        return mm.userCopy().copy(this, address, src, offset, length, ACCESS_WRITE);
    }

    public int read(long address, byte[] dst) {
        return read(address, dst, 0, dst.length);
    }

    public int write(long address, byte[] src) {
        return write(address, src, 0, src.length);
    }

    /** Reads {@code count} little-endian longs (unaligned allowed) into {@code dst[offset..]}. */
    public int readLongs(long address, long[] dst, int offset, int count) {
        checkAlive();
        return mm.userCopy().readLongs(this, address, dst, offset, count);
    }

    /** Reads one long into {@code out[0]}. */
    @Override
    public int readLong(long address, long[] out) {
        return readLongs(address, out, 0, 1);
    }

    /** Writes one little-endian long (unaligned allowed). */
    @Override
    public int writeLong(long address, long value) {
        checkAlive();
        return mm.userCopy().writeLong(this, address, value);
    }

    // ------------------------------------------------------------------ for the loader

    /**
     * Maps an existing frame at the page {@code address} of an existing region, taking a reference
     * to it. With {@code copyOnWrite} (or in a read-only region) the PTE is read-only, and in a
     * writable region marked COW; otherwise the frame is mapped writable as shared memory.
     * EFAULT when no region covers the page, EEXIST when it is mapped already, ENOMEM for tables.
     */
    public int mapFrame(long address, long frame, boolean copyOnWrite) {
        checkAlive();
        if ((address & OFFSET_MASK) != 0 || (frame & OFFSET_MASK) != 0) {
            return MemStatus.EINVAL;
        }
        Region r = findRegion(address);
        if (r == null) {
            return MemStatus.EFAULT;
        }
        long slot = pteSlot(address, true);
        if (slot < 0) {
            return MemStatus.ENOMEM;
        }
        if ((mem.getLong(slot) & Pte.PRESENT) != 0) {
            return MemStatus.EEXIST;
        }
        long flags = r.leafFlags();
        if (copyOnWrite && r.writable()) {
            flags = (flags & ~Pte.WRITABLE) | Pte.COW;
        }
        frames.retain(frame);
        mem.putLong(slot, frame | flags);
        residentPages++;
        flush(address);
        return MemStatus.OK;
    }

    /**
     * For the kernel filling a page it owns (the loader): maps a zeroed frame if the page of a region
     * is untouched, whatever the region's protection, and returns its physical address. A negative
     * {@link MemStatus} when no region covers it, no frame is left, or the page is shared.
     */
    public long populate(long address) {
        checkAlive();
        Region r = findRegion(address);
        if (r == null || !UserLayout.inUserSpace(address, 1)) {
            return MemStatus.EFAULT;
        }
        long slot = pteSlot(address, true);
        if (slot < 0) {
            return MemStatus.ENOMEM;
        }
        long e = mem.getLong(slot);
        if ((e & Pte.PRESENT) != 0) {
            long frame = e & Pte.ADDRESS_MASK;
            return frames.isManaged(frame) && frames.refCount(frame) == 1 ? frame : MemStatus.EEXIST;
        }
        long f = frames.allocate();
        if (f < 0) {
            return MemStatus.ENOMEM;
        }
        mem.zero(f, PAGE);
        mem.putLong(slot, f | r.leafFlags());
        residentPages++;
        flush(address & ~OFFSET_MASK);
        return f;
    }

    // ------------------------------------------------------------------ fork and free (PageTableTree)

    /**
     * The fork: a new address space with the same regions sharing every mapped frame. Pages of
     * writable regions become copy-on-write in both (read-only + COW); read-only pages are shared
     * as they are. Reference counts rise by one per page. Null when out of frames (nothing leaks;
     * the parent's pages may have become copy-on-write, which is harmless).
     */
    @Override
    public UserAddressSpace fork() {
        checkAlive();
        UserAddressSpace child = mm.createAddressSpace();
        if (child == null) {
            return null;
        }
        child.regions.copyFrom(regions);
        boolean ok = PageTableTree.copy(this, child);
        flushAll();
        if (!ok) {
            child.free();
            return null;
        }
        return child;
    }

    /**
     * Releases every user frame reference and every page-table frame (the kernel's shared page
     * directory stays). If this address space is in CR3 the kernel's tables are loaded first.
     */
    @Override
    public void free() {
        checkAlive();
        if (mm.current() == this || mm.tlb().loaded() == pml4) {
            mm.activateKernel();
        }
        PageTableTree.free(this);
        mm.freeTable(pml4);
        tableFrames--;
        regions.clear();
        freed = true;
        mm.addressSpaceFreed(this);
    }

    // ------------------------------------------------------------------ the page-mapping dump

    /** Visits the mapped runs in ascending virtual order (see {@link Mapping}). */
    public void walk(Mapping.Visitor visitor) {
        checkAlive();
        MappingWalk.walk(mem, frames, pml4, visitor);
    }

    @Override
    public List<Mapping> mappings() {
        List<Mapping> out = new ArrayList<>();
        walk((v, n, p, f, s) -> out.add(new Mapping(v, n, p, f, s)));
        return out;
    }

    @Override
    public String toString() {
        return "address space " + id + " (cr3 0x" + Long.toHexString(pml4) + ", " + regions.size() + " regions, "
                + residentPages + " pages, " + tableFrames + " table frames)";
    }
}
