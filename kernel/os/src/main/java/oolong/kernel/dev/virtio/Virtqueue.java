package oolong.kernel.dev.virtio;

import oolong.kernel.platform.DeviceMemory;
/**
 * A split virtqueue in the legacy layout (virtio 1.0 spec, 2.6 and 4.1.5.1): the descriptor
 * table and the available ring, then, on the next 4 KiB boundary, the used ring. The driver
 * offers buffers through the available ring; the device returns them through the used ring.
 * Every buffer here is a single descriptor (no chains): the console needs nothing more.
 */
final class Virtqueue {
    static final int DESC_F_WRITE = 2;

    private final DeviceMemory mem;
    final int index;
    final int size;
    final long base;
    private final long avail;
    private final long used;
    private final int[] freeNext;
    private final long[] bufferOf;
    private int freeHead;
    private int freeCount;
    private int availIdx;
    private int lastUsed;

    /** Bytes needed for a queue of this size (legacy alignment: 4096). */
    static long bytes(int size) {
        return align(16L * size + 6 + 2L * size) + align(6 + 8L * size);
    }

    private static long align(long v) {
        return (v + 4095) & ~4095L;
    }

    Virtqueue(DeviceMemory mem, int index, int size, long base) {
        this.mem = mem;
        this.index = index;
        this.size = size;
        this.base = base;
        this.avail = base + 16L * size;
        this.used = base + align(16L * size + 6 + 2L * size);
        freeNext = new int[size];
        bufferOf = new long[size];
        for (int i = 0; i < size; i++) {
            freeNext[i] = i + 1;
        }
        freeHead = 0;
        freeCount = size;
    }

    /** Offers a buffer to the device; returns false when every descriptor is in use. */
    boolean offer(long address, int length, boolean deviceWrites) {
        if (freeCount == 0) {
            return false;
        }
        int id = freeHead;
        freeHead = freeNext[id];
        freeCount--;
        long d = base + 16L * id;
        mem.putLong(d, address);
        mem.putInt(d + 8, length);
        mem.putShort(d + 12, deviceWrites ? DESC_F_WRITE : 0);
        mem.putShort(d + 14, 0);
        bufferOf[id] = address;
        mem.putShort(avail + 4 + 2L * (availIdx % size), id);
        mem.barrier();                       /* the ring entry before the index that publishes it */
        availIdx = (availIdx + 1) & 0xFFFF;
        mem.putShort(avail + 2, availIdx);
        mem.barrier();
        return true;
    }

    /** Whether the device has returned a buffer we have not taken yet. */
    boolean hasUsed() {
        return lastUsed != mem.getShort(used + 2);
    }

    /**
     * Takes the next returned buffer: its address in bits 0..47 is what was offered, returned
     * with the byte count the device wrote; the descriptor is free again.
     */
    long takeUsedAddress() {
        long e = used + 4 + 8L * (lastUsed % size);
        int id = mem.getInt(e);
        lastUsedLength = mem.getInt(e + 4);
        lastUsed = (lastUsed + 1) & 0xFFFF;
        if (id < 0 || id >= size) {
            throw new IllegalStateException("virtqueue " + index + ": device returned descriptor " + id);
        }
        freeNext[id] = freeHead;
        freeHead = id;
        freeCount++;
        return bufferOf[id];
    }

    /** Length the device reported with the buffer {@link #takeUsedAddress} returned last. */
    int lastUsedLength;
}
