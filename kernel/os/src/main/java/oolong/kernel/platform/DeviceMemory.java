package oolong.kernel.platform;

/**
 * Memory shared with a device (rings, buffers), by physical address; a fake backs host tests, and
 * the real thing (identity-mapped physical memory) is oolong.kernel.arch.DirectDeviceMemory.
 */
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
}
