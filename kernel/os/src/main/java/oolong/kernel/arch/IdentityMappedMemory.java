package oolong.kernel.arch;

import oolong.kernel.platform.PhysicalMemory;
import org.teavm.interop.Address;

/**
 * Physical memory as the kernel sees it: RAM below 1 GiB is identity-mapped (boot.S), so physical
 * address P is virtual address P. Bulk operations use the k_memzero / k_memcopy intrinsics.
 * Guest only: host tests use {@link oolong.kernel.mem.ArrayPhysicalMemory}.
 */
public final class IdentityMappedMemory implements PhysicalMemory {
    /** The end of the identity map: anything at or above it is not reachable this way. */
    public static final long LIMIT = 1L << 30;

    public static final IdentityMappedMemory INSTANCE = new IdentityMappedMemory();

    private IdentityMappedMemory() {
    }

    private static void check(long address, long length) {
        if (address < 0x1000 || length < 0 || address > LIMIT - length) {
            throw new IllegalArgumentException("physical access 0x" + Long.toHexString(address) + " + " + length
                    + " outside the identity map");
        }
    }

    @Override
    public long getLong(long address) {
        check(address, 8);
        return Address.fromLong(address).getLong();
    }

    @Override
    public void putLong(long address, long value) {
        check(address, 8);
        Address.fromLong(address).putLong(value);
    }

    @Override
    public byte getByte(long address) {
        check(address, 1);
        return Address.fromLong(address).getByte();
    }

    @Override
    public void putByte(long address, byte value) {
        check(address, 1);
        Address.fromLong(address).putByte(value);
    }

    @Override
    public void zero(long address, long length) {
        check(address, length);
        Cpu.memzero(address, length);
    }

    @Override
    public void copy(long destination, long source, long length) {
        check(destination, length);
        check(source, length);
        Cpu.memcopy(destination, source, length);
    }

    @Override
    public void read(long address, byte[] dst, int offset, int length) {
        if (offset < 0 || length < 0 || length > dst.length - offset) {
            throw new IndexOutOfBoundsException("read of " + length + " bytes at " + offset + " into byte[" + dst.length + "]");
        }
        check(address, length);
        if (length > 0) {
            /* no allocation between taking the array's address and the copy: the GC cannot move it */
            Cpu.memcopy(Address.ofData(dst).add(offset).toLong(), address, length);
        }
    }

    @Override
    public void write(long address, byte[] src, int offset, int length) {
        if (offset < 0 || length < 0 || length > src.length - offset) {
            throw new IndexOutOfBoundsException("write of " + length + " bytes at " + offset + " from byte[" + src.length + "]");
        }
        check(address, length);
        if (length > 0) {
            Cpu.memcopy(address, Address.ofData(src).add(offset).toLong(), length);
        }
    }
}
