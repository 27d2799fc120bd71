package oolong.kernel.platform;

/**
 * Raw access to physical memory, the only way the memory manager touches frames and page tables.
 * In the guest RAM below 1 GiB is identity-mapped, so the real implementation
 * (oolong.kernel.arch.IdentityMappedMemory) reads and writes physical address P at virtual
 * address P; on the host oolong.kernel.mem.ArrayPhysicalMemory simulates it. Addresses are physical byte
 * addresses; longs are little-endian and need not be aligned.
 */
public interface PhysicalMemory {
    long getLong(long address);

    void putLong(long address, long value);

    byte getByte(long address);

    void putByte(long address, byte value);

    /** Fills {@code length} bytes with zero. */
    void zero(long address, long length);

    /** Copies {@code length} bytes; the ranges must not overlap. */
    void copy(long destination, long source, long length);

    /** Copies {@code length} bytes at {@code address} into {@code dst[offset..]}. */
    void read(long address, byte[] dst, int offset, int length);

    /** Copies {@code src[offset..offset+length)} to {@code address}. */
    void write(long address, byte[] src, int offset, int length);
}
