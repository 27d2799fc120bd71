package oolong.kernel.mem;

import java.util.List;

/**
 * What the process model needs of an address space. {@link UserAddressSpace} is the real one;
 * a process-model test may fake it. Status results are {@link MemStatus} values; fault results
 * are {@link Fault} values.
 */
public interface AddressSpace {
    /** The physical address of the PML4: the value for CR3. */
    long pml4();

    /** Loads this address space into CR3 and tells the memory manager it is the current one. */
    void activate();

    /** Resolves a page fault at {@code address} with the CPU's error code: {@link Fault#RESOLVED} or why not. */
    int handleFault(long address, long errorCode);

    /** A copy-on-write child sharing every user frame; null when out of memory. */
    AddressSpace fork();

    /** Releases every frame and page table. The address space is unusable afterwards. */
    void free();

    /** Copy-in: user memory to a kernel array. */
    int read(long address, byte[] dst, int offset, int length);

    /** Copy-out: a kernel array to user memory (copy-on-write pages are copied first). */
    int write(long address, byte[] src, int offset, int length);

    int readLong(long address, long[] out);

    int writeLong(long address, long value);

    /** Maps present, zeroed pages (memflag). */
    int map(long address, long length, int prot);

    /** Adds a demand-zero region: pages appear, zeroed, when first touched. */
    int mapDemandZero(long address, long length, int prot, Region.Kind kind);

    int unmap(long address, long length);

    /** The lowest free range of {@code length} bytes at or above {@link UserLayout#MMAP_BASE}, or a negative status. */
    long findFree(long length);

    /** Physical address backing a virtual one, or -1 when not mapped (no fault is taken). */
    long translate(long address);

    /** The mapped ranges, coalesced, in ascending virtual order. */
    List<Mapping> mappings();

    List<Region> regions();
}
