package oolong.kernel.arch;

import oolong.kernel.platform.DeviceMemory;
import org.teavm.interop.Address;

/**
 * Memory shared with devices as the kernel reaches it: identity-mapped physical memory (the DMA
 * area, {@link Cpu#dmaAlloc}), read and written in place.
 */
public final class DirectDeviceMemory implements DeviceMemory {
    public static final DirectDeviceMemory INSTANCE = new DirectDeviceMemory();

    private DirectDeviceMemory() {
    }

    @Override
    public int getByte(long address) {
        return Address.fromLong(address).getByte() & 0xFF;
    }

    @Override
    public void putByte(long address, int value) {
        Address.fromLong(address).putByte((byte) value);
    }

    @Override
    public int getShort(long address) {
        return Address.fromLong(address).getShort() & 0xFFFF;
    }

    @Override
    public void putShort(long address, int value) {
        Address.fromLong(address).putShort((short) value);
    }

    @Override
    public int getInt(long address) {
        return Address.fromLong(address).getInt();
    }

    @Override
    public void putInt(long address, int value) {
        Address.fromLong(address).putInt(value);
    }

    @Override
    public long getLong(long address) {
        return Address.fromLong(address).getLong();
    }

    @Override
    public void putLong(long address, long value) {
        Address.fromLong(address).putLong(value);
    }

    @Override
    public void barrier() {
        Cpu.memoryBarrier();
    }

    /* one memcpy instead of a call per byte: a 100 KiB answer (ps of 1,000 processes) is 25 buffers */
    @Override
    public void read(long address, byte[] dst, int offset, int length) {
        if (offset < 0 || length < 0 || length > dst.length - offset) {
            throw new IndexOutOfBoundsException("read of " + length + " bytes into byte[" + dst.length + "] at " + offset);
        }
        if (length > 0) {
            /* no allocation between taking the array's address and the copy: the GC cannot move it */
            Cpu.memcopy(Address.ofData(dst).add(offset).toLong(), address, length);
        }
    }

    @Override
    public void write(long address, byte[] src, int offset, int length) {
        if (offset < 0 || length < 0 || length > src.length - offset) {
            throw new IndexOutOfBoundsException("write of " + length + " bytes from byte[" + src.length + "] at " + offset);
        }
        if (length > 0) {
            Cpu.memcopy(address, Address.ofData(src).add(offset).toLong(), length);
        }
    }
}
