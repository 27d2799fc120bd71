package oolong.kernel.platform;

/**
 * The CPU's translation caches and CR3, as the memory manager needs them. In the guest
 * oolong.kernel.arch.HardwareTlb executes invlpg / mov cr3; on the host
 * oolong.kernel.mem.RecordingTlb only records what was asked.
 */
public interface Tlb {
    /** Drops the cached translation of one virtual page of the address space in CR3. */
    void invalidate(long virtualAddress);

    /** Loads CR3 (which also flushes every non-global translation). */
    void load(long pml4Physical);

    /** The value in CR3 now. */
    long loaded();
}
