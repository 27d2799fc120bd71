package oolong.kernel.mem;

import oolong.kernel.platform.PhysicalMemory;
import java.util.HashMap;
import java.util.Map;

/**
 * Simulated physical memory for host tests: {@code size} bytes, stored sparsely per 4 KiB frame
 * (a frame never written reads as zeros), so a test can use realistic addresses across a whole
 * GiB without allocating it. Any access outside [0, size) throws, which catches stray pointers.
 * Never used in the guest.
 */
public final class ArrayPhysicalMemory implements PhysicalMemory {
    private static final int PAGE = 4096;

    private final long size;
    private final Map<Long, byte[]> frames = new HashMap<>();
    private long reads;
    private long writes;

    public ArrayPhysicalMemory(long size) {
        this.size = size;
    }

    public long size() {
        return size;
    }

    public long reads() {
        return reads;
    }

    public long writes() {
        return writes;
    }

    private void check(long address, long length) {
        if (address < 0 || length < 0 || address > size - length) {
            throw new IndexOutOfBoundsException("physical access 0x" + Long.toHexString(address) + " + " + length
                    + " outside simulated RAM of 0x" + Long.toHexString(size) + " bytes");
        }
    }

    private byte[] frameForRead(long address) {
        return frames.get(address >>> 12);
    }

    private byte[] frameForWrite(long address) {
        return frames.computeIfAbsent(address >>> 12, k -> new byte[PAGE]);
    }

    @Override
    public byte getByte(long address) {
        check(address, 1);
        reads++;
        byte[] f = frameForRead(address);
        return f == null ? 0 : f[(int) (address & (PAGE - 1))];
    }

    @Override
    public void putByte(long address, byte value) {
        check(address, 1);
        writes++;
        frameForWrite(address)[(int) (address & (PAGE - 1))] = value;
    }

    @Override
    public long getLong(long address) {
        check(address, 8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (getByte(address + i) & 0xFFL);
        }
        return v;
    }

    @Override
    public void putLong(long address, long value) {
        check(address, 8);
        for (int i = 0; i < 8; i++) {
            putByte(address + i, (byte) (value >>> (8 * i)));
        }
    }

    @Override
    public void zero(long address, long length) {
        check(address, length);
        writes++;
        long at = address;
        long end = address + length;
        while (at < end) {
            int in = (int) Math.min(end - at, PAGE - (at & (PAGE - 1)));
            byte[] f = frameForRead(at);
            if (f != null) {
                int o = (int) (at & (PAGE - 1));
                java.util.Arrays.fill(f, o, o + in, (byte) 0);
            }
            at += in;
        }
    }

    @Override
    public void copy(long destination, long source, long length) {
        check(destination, length);
        check(source, length);
        if (destination < source + length && source < destination + length && length > 0) {
            throw new IllegalArgumentException("overlapping copy");
        }
        byte[] buf = new byte[(int) Math.min(length, PAGE)];
        long done = 0;
        while (done < length) {
            int n = (int) Math.min(buf.length, length - done);
            read(source + done, buf, 0, n);
            write(destination + done, buf, 0, n);
            done += n;
        }
    }

    @Override
    public void read(long address, byte[] dst, int offset, int length) {
        check(address, length);
        reads++;
        int done = 0;
        while (done < length) {
            long at = address + done;
            int o = (int) (at & (PAGE - 1));
            int in = Math.min(length - done, PAGE - o);
            byte[] f = frameForRead(at);
            if (f == null) {
                java.util.Arrays.fill(dst, offset + done, offset + done + in, (byte) 0);
            } else {
                System.arraycopy(f, o, dst, offset + done, in);
            }
            done += in;
        }
    }

    @Override
    public void write(long address, byte[] src, int offset, int length) {
        check(address, length);
        writes++;
        int done = 0;
        while (done < length) {
            long at = address + done;
            int o = (int) (at & (PAGE - 1));
            int in = Math.min(length - done, PAGE - o);
            System.arraycopy(src, offset + done, frameForWrite(at), o, in);
            done += in;
        }
    }
}
