package oolong.kernel.mem;

import oolong.kernel.platform.PhysicalMemory;

/**
 * Copy-in and copy-out between kernel arrays and a user address space, written once (Camellia's
 * pcpy): every copy walks the user range one page fragment at a time, each fragment made
 * accessible as a user access would make it (demand-zero, copy-on-write) before its bytes move.
 * One per memory manager (the kernel runs one thing at a time); allocation-free.
 */
final class UserCopy {
    private static final long PAGE = FrameAllocator.FRAME_SIZE;
    private static final long OFFSET_MASK = PAGE - 1;

    private final PhysicalMemory mem;
    /** The length of the fragment {@link #fragment} found last. */
    private int fragmentLength;
    /** A long's eight bytes, when it straddles two pages. */
    private final byte[] straddle = new byte[8];

    UserCopy(PhysicalMemory mem) {
        this.mem = mem;
    }

    /**
     * One step: the part of [at, end) that lies in at's page, resolved for the access. Returns its
     * physical address, with its length in {@link #fragmentLength}; or EFAULT (not a user page the
     * access may touch), ENOMEM (no frame for it).
     */
    private long fragment(UserAddressSpace space, long at, long end, int access) {
        long frame = space.resolve(at, access);
        if (frame < 0) {
            return frame == -Fault.NO_MEMORY ? MemStatus.ENOMEM : MemStatus.EFAULT;
        }
        long offset = at & OFFSET_MASK;
        fragmentLength = (int) Math.min(end - at, PAGE - offset);
        return frame + offset;
    }

    /**
     * Copies between user memory at {@code address} and {@code buffer[offset..offset+length)}: in
     * for {@link UserAddressSpace#ACCESS_READ}, out for {@link UserAddressSpace#ACCESS_WRITE}.
     * OK, EFAULT, ENOMEM, or EINVAL for bad array bounds; partial on failure.
     */
    int copy(UserAddressSpace space, long address, byte[] buffer, int offset, int length, int access) {
        if (offset < 0 || length < 0 || length > buffer.length - offset) {
            return MemStatus.EINVAL;
        }
        if (length == 0) {
            return MemStatus.OK;
        }
        if (!UserLayout.inUserSpace(address, length)) {
            return MemStatus.EFAULT;
        }
        long end = address + length;
        for (long at = address; at < end; at += fragmentLength) {
            long physical = fragment(space, at, end, access);
            if (physical < 0) {
                return (int) physical;
            }
            int k = offset + (int) (at - address);
            if (access == UserAddressSpace.ACCESS_WRITE) {
                mem.write(physical, buffer, k, fragmentLength);
            } else {
                mem.read(physical, buffer, k, fragmentLength);
            }
        }
        return MemStatus.OK;
    }

    /** Reads {@code count} little-endian longs (unaligned allowed): one load each unless a long straddles two pages. */
    int readLongs(UserAddressSpace space, long address, long[] dst, int offset, int count) {
        if (offset < 0 || count < 0 || count > dst.length - offset) {
            return MemStatus.EINVAL;
        }
        if (count > Integer.MAX_VALUE / 8 || !UserLayout.inUserSpace(address, 8L * count)) {
            return MemStatus.EFAULT;
        }
        for (int i = 0; i < count; i++) {
            long at = address + 8L * i;
            long physical = fragment(space, at, at + 8, UserAddressSpace.ACCESS_READ);
            if (physical < 0) {
                return (int) physical;
            }
            if (fragmentLength == 8) {
                dst[offset + i] = mem.getLong(physical);
                continue;
            }
            int st = copy(space, at, straddle, 0, 8, UserAddressSpace.ACCESS_READ);
            if (st != MemStatus.OK) {
                return st;
            }
            long v = 0;
            for (int b = 7; b >= 0; b--) {
                v = (v << 8) | (straddle[b] & 0xFFL);
            }
            dst[offset + i] = v;
        }
        return MemStatus.OK;
    }

    /** Writes one little-endian long (unaligned allowed). */
    int writeLong(UserAddressSpace space, long address, long value) {
        if (!UserLayout.inUserSpace(address, 8)) {
            return MemStatus.EFAULT;
        }
        long physical = fragment(space, address, address + 8, UserAddressSpace.ACCESS_WRITE);
        if (physical < 0) {
            return (int) physical;
        }
        if (fragmentLength == 8) {
            mem.putLong(physical, value);
            return MemStatus.OK;
        }
        for (int b = 0; b < 8; b++) {
            straddle[b] = (byte) (value >>> (8 * b));
        }
        return copy(space, address, straddle, 0, 8, UserAddressSpace.ACCESS_WRITE);
    }
}
