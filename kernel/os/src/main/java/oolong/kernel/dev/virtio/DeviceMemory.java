package oolong.kernel.dev.virtio;

import org.teavm.interop.Address;

/** Memory shared with a device (rings, buffers), by physical address; a fake backs host tests. */
public interface DeviceMemory {
    int getByte(long address);

    void putByte(long address, int value);

    int getShort(long address);

    void putShort(long address, int value);

    int getInt(long address);

    void putInt(long address, int value);

    long getLong(long address);

    void putLong(long address, long value);

    /** Orders earlier writes before later ones as the device sees them. */
    void barrier();

    /** Copies device memory into dst[offset..offset+length). */
    default void read(long address, byte[] dst, int offset, int length) {
        for (int i = 0; i < length; i++) {
            dst[offset + i] = (byte) getByte(address + i);
        }
    }

    /** Copies src[offset..offset+length) into device memory. */
    default void write(long address, byte[] src, int offset, int length) {
        for (int i = 0; i < length; i++) {
            putByte(address + i, src[offset + i]);
        }
    }

    /** The real thing: identity-mapped physical memory. */
    DeviceMemory DIRECT = new DeviceMemory() {
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
            oolong.kernel.arch.Cpu.memoryBarrier();
        }

        /* one memcpy instead of a call per byte: a 100 KiB answer (ps of 1,000 processes) is 25 buffers */
        @Override
        public void read(long address, byte[] dst, int offset, int length) {
            if (offset < 0 || length < 0 || length > dst.length - offset) {
                throw new IndexOutOfBoundsException("read of " + length + " bytes into byte[" + dst.length + "] at " + offset);
            }
            if (length > 0) {
                /* no allocation between taking the array's address and the copy: the GC cannot move it */
                oolong.kernel.arch.Cpu.memcopy(Address.ofData(dst).add(offset).toLong(), address, length);
            }
        }

        @Override
        public void write(long address, byte[] src, int offset, int length) {
            if (offset < 0 || length < 0 || length > src.length - offset) {
                throw new IndexOutOfBoundsException("write of " + length + " bytes from byte[" + src.length + "] at " + offset);
            }
            if (length > 0) {
                oolong.kernel.arch.Cpu.memcopy(address, Address.ofData(src).add(offset).toLong(), length);
            }
        }
    };
}
