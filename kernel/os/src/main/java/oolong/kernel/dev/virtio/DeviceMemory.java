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
    };
}
