package oolong.kernel.mem;

import oolong.kernel.platform.PhysicalMemory;
import oolong.kernel.platform.FrameSource;

/**
 * The physical frame allocator: 4 KiB frames, a bitmap of free frames, and a reference count per
 * frame for sharing (copy-on-write after fork, shared memory, the user image's frames).
 *
 * <p>Frames are numbered from physical address 0 up to the end of the highest range it was told
 * about (at most {@link #LIMIT}, the end of the kernel's identity map). A frame is <i>managed</i>
 * when it lies in usable RAM and in no excluded range: only managed frames are ever handed out and
 * counted in {@link #totalFrames()}. Unmanaged frames (the kernel image, the boot modules) can still
 * be reference-counted, so that the user image's frames can be mapped copy-on-write: their count
 * never makes them free.
 *
 * <p>Allocation failure is a normal result ({@link #NO_FRAME}); every allocation goes through
 * {@link #allocate()}, where the fault-injection {@link FailureHook} is consulted. Releasing a frame
 * whose count is already zero is a kernel bug and throws {@link IllegalStateException}.
 * Allocation-free after construction.
 */
public final class FrameAllocator implements FrameSource {
    public static final int FRAME_SHIFT = 12;
    public static final long FRAME_SIZE = 1L << FRAME_SHIFT;
    /** Returned by {@link #allocate()} when no frame can be had. */
    public static final long NO_FRAME = -1;
    /** Frames at or above 1 GiB are never managed: the kernel reaches RAM only through its identity map. */
    public static final long LIMIT = 1L << 30;

    /** Fault injection: asked before every allocation; true makes that allocation fail. */
    public interface FailureHook {
        boolean failAllocation();
    }

    private final int frameCount;
    private final long[] freeMap;
    private final long[] managedMap;
    /**
     * Free frames that may still hold old contents: every managed frame at start, and every frame
     * freed since; {@link #scrub} zeroes them. (Bits of allocated frames are clear.)
     */
    private final long[] dirtyMap;
    private long dirtyFree;
    private final int[] refs;
    private final long total;
    private long free;
    private int hint;
    private FailureHook hook;
    private long allocations;
    private long failures;
    private long frees;

    private FrameAllocator(int frameCount, long[] managedMap, boolean zeroed) {
        this.frameCount = frameCount;
        this.managedMap = managedMap;
        this.freeMap = managedMap.clone();
        this.dirtyMap = zeroed ? new long[managedMap.length] : managedMap.clone();
        this.refs = new int[frameCount];
        long n = 0;
        for (long w : managedMap) {
            n += Long.bitCount(w);
        }
        this.total = n;
        this.free = n;
        this.dirtyFree = zeroed ? 0 : n;
    }

    /** Collects usable ranges and exclusions, then builds the allocator. */
    public static final class Builder {
        private long[] usable = new long[16];
        private int usableCount;
        private long[] excluded = new long[16];
        private int excludedCount;
        private long limit = LIMIT;

        /** Frames at or above {@code limit} are left out (default and maximum: 1 GiB). */
        public Builder limit(long limit) {
            this.limit = Math.min(limit, LIMIT);
            return this;
        }

        /** Usable RAM: [base, base + length). Partial frames at either end are left out. */
        private boolean zeroed;

        /**
         * The free memory is known to be zero at start (QEMU gives a new guest zeroed RAM): nothing
         * needs scrubbing until frames are freed. If it is not, snapshots are larger, nothing else.
         */
        public Builder zeroed(boolean zeroed) {
            this.zeroed = zeroed;
            return this;
        }

        public Builder usable(long base, long length) {
            usable = add(usable, usableCount++, base, base + length);
            return this;
        }

        /** Never hand out frames touching [start, end). */
        public Builder exclude(long start, long end) {
            excluded = add(excluded, excludedCount++, start, end);
            return this;
        }

        private static long[] add(long[] a, int index, long start, long end) {
            if (2 * index + 2 > a.length) {
                a = java.util.Arrays.copyOf(a, a.length * 2);
            }
            a[2 * index] = start;
            a[2 * index + 1] = end;
            return a;
        }

        public FrameAllocator build() {
            long top = 0;
            for (int i = 0; i < usableCount; i++) {
                top = Math.max(top, usable[2 * i + 1]);
            }
            for (int i = 0; i < excludedCount; i++) {
                top = Math.max(top, excluded[2 * i + 1]);
            }
            top = Math.min(top, limit);
            int frames = (int) ((top + FRAME_SIZE - 1) >>> FRAME_SHIFT);
            long[] managed = new long[(frames + 63) >>> 6];
            for (int i = 0; i < usableCount; i++) {
                long first = (usable[2 * i] + FRAME_SIZE - 1) >>> FRAME_SHIFT;
                long end = Math.min(usable[2 * i + 1], limit) >>> FRAME_SHIFT;
                for (long f = Math.max(first, 0); f < end; f++) {
                    managed[(int) (f >>> 6)] |= 1L << (f & 63);
                }
            }
            for (int i = 0; i < excludedCount; i++) {
                long first = Math.max(excluded[2 * i], 0) >>> FRAME_SHIFT;
                long end = Math.min((excluded[2 * i + 1] + FRAME_SIZE - 1) >>> FRAME_SHIFT, frames);
                for (long f = first; f < end; f++) {
                    managed[(int) (f >>> 6)] &= ~(1L << (f & 63));
                }
            }
            return new FrameAllocator(frames, managed, zeroed);
        }
    }

    public void setFailureHook(FailureHook hook) {
        this.hook = hook;
    }

    /**
     * Takes one free frame with reference count 1, or returns {@link #NO_FRAME}. The frame's contents
     * are whatever was there: zero it if that matters. The single choke point of every allocation.
     */
    @Override
    public long allocate() {
        if ((hook != null && hook.failAllocation()) || free == 0) {
            failures++;
            return NO_FRAME;
        }
        int words = freeMap.length;
        for (int i = 0; i < words; i++) {
            int w = hint + i;
            if (w >= words) {
                w -= words;
            }
            long bits = freeMap[w];
            if (bits != 0) {
                int frame = (w << 6) + Long.numberOfTrailingZeros(bits);
                freeMap[w] = bits & (bits - 1);
                long bit = bits & -bits;
                if ((dirtyMap[w] & bit) != 0) {
                    dirtyMap[w] &= ~bit;
                    dirtyFree--;
                }
                hint = w;
                refs[frame] = 1;
                free--;
                allocations++;
                return (long) frame << FRAME_SHIFT;
            }
        }
        throw new IllegalStateException("frame allocator: " + free + " frames counted free but none in the bitmap");
    }

    /** Adds a reference to an allocated (or unmanaged) frame. */
    public void retain(long address) {
        int f = index(address);
        if (refs[f] == 0 && isManagedFrame(f)) {
            throw new IllegalStateException("retain of free frame 0x" + Long.toHexString(address));
        }
        if (refs[f] == Integer.MAX_VALUE) {
            throw new IllegalStateException("reference count overflow on frame 0x" + Long.toHexString(address));
        }
        refs[f]++;
    }

    /**
     * Drops a reference; a managed frame whose count reaches zero is free again. Returns the
     * remaining count. Releasing a frame with no references throws (double free).
     */
    @Override
    public int release(long address) {
        int f = index(address);
        int r = refs[f];
        if (r == 0) {
            throw new IllegalStateException("double free of frame 0x" + Long.toHexString(address));
        }
        refs[f] = --r;
        if (r == 0 && isManagedFrame(f)) {
            freeMap[f >>> 6] |= 1L << (f & 63);
            dirtyMap[f >>> 6] |= 1L << (f & 63);
            dirtyFree++;
            free++;
            frees++;
        }
        return r;
    }

    /**
     * Zeroes every free frame that may hold old contents, in runs of consecutive frames; returns
     * how many frames it zeroed. Not needed for correctness (allocations are zeroed by their users
     * when it matters): it makes a machine snapshot small, since QEMU's migration skips zero pages
     * and a used guest otherwise saves every frame it ever freed.
     */
    public long scrub(PhysicalMemory mem) {
        long zeroed = 0;
        long runStart = -1;
        long runFrames = 0;
        for (int w = 0; w < dirtyMap.length; w++) {
            long bits = dirtyMap[w] & freeMap[w];
            dirtyMap[w] &= ~bits;
            while (bits != 0) {
                long frame = ((long) w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                if (runStart >= 0 && frame == runStart + runFrames) {
                    runFrames++;
                } else {
                    if (runStart >= 0) {
                        mem.zero(runStart << FRAME_SHIFT, runFrames << FRAME_SHIFT);
                    }
                    runStart = frame;
                    runFrames = 1;
                }
                zeroed++;
            }
        }
        if (runStart >= 0) {
            mem.zero(runStart << FRAME_SHIFT, runFrames << FRAME_SHIFT);
        }
        dirtyFree -= zeroed;
        return zeroed;
    }

    /** Free frames that may hold old contents (what {@link #scrub} would zero). */
    public long dirtyFreeFrames() {
        return dirtyFree;
    }

    public int refCount(long address) {
        return refs[index(address)];
    }

    /** Whether this allocator hands out (and frees) this frame. */
    public boolean isManaged(long address) {
        long f = address >>> FRAME_SHIFT;
        return address >= 0 && f < frameCount && isManagedFrame((int) f);
    }

    /** Whether the frame is managed and currently free. */
    public boolean isFree(long address) {
        long f = address >>> FRAME_SHIFT;
        return address >= 0 && f < frameCount && (freeMap[(int) (f >>> 6)] & (1L << (f & 63))) != 0;
    }

    /** Whether the frame's reference count can be kept (it lies below the top of known memory). */
    public boolean tracks(long address) {
        return address >= 0 && (address >>> FRAME_SHIFT) < frameCount;
    }

    private boolean isManagedFrame(int f) {
        return (managedMap[f >>> 6] & (1L << (f & 63))) != 0;
    }

    private int index(long address) {
        if ((address & (FRAME_SIZE - 1)) != 0 || address < 0 || (address >>> FRAME_SHIFT) >= frameCount) {
            throw new IllegalArgumentException("not a frame address: 0x" + Long.toHexString(address));
        }
        return (int) (address >>> FRAME_SHIFT);
    }

    /** Managed frames (what the allocator can ever hand out). */
    public long totalFrames() {
        return total;
    }

    public long freeFrames() {
        return free;
    }

    public long usedFrames() {
        return total - free;
    }

    /** Successful allocations since boot. */
    public long allocations() {
        return allocations;
    }

    /** Allocations that failed (out of frames, or injected). */
    public long failedAllocations() {
        return failures;
    }

    /** Frames returned to the free pool since boot. */
    public long frees() {
        return frees;
    }

    /** Physical address one past the highest frame known (managed or not). */
    public long top() {
        return (long) frameCount << FRAME_SHIFT;
    }

    /** The lowest and highest managed frame addresses, or -1 when there are none. */
    public long lowestManaged() {
        for (int w = 0; w < managedMap.length; w++) {
            if (managedMap[w] != 0) {
                return ((long) (w << 6) + Long.numberOfTrailingZeros(managedMap[w])) << FRAME_SHIFT;
            }
        }
        return -1;
    }

    public long highestManaged() {
        for (int w = managedMap.length - 1; w >= 0; w--) {
            if (managedMap[w] != 0) {
                return ((long) (w << 6) + 63 - Long.numberOfLeadingZeros(managedMap[w])) << FRAME_SHIFT;
            }
        }
        return -1;
    }

    /**
     * Recounts the bitmaps against the counters and the reference counts: returns null when they
     * agree, else what is wrong. For tests and the in-guest self-test; walks every frame.
     */
    public String checkConsistency() {
        long freeCount = 0;
        long dirtyCount = 0;
        for (int f = 0; f < frameCount; f++) {
            boolean isFreeBit = (freeMap[f >>> 6] & (1L << (f & 63))) != 0;
            boolean managed = isManagedFrame(f);
            if (isFreeBit && !managed) {
                return "unmanaged frame 0x" + Long.toHexString((long) f << FRAME_SHIFT) + " is marked free";
            }
            if (isFreeBit && refs[f] != 0) {
                return "free frame 0x" + Long.toHexString((long) f << FRAME_SHIFT) + " has " + refs[f] + " references";
            }
            if (managed && !isFreeBit && refs[f] == 0) {
                return "used frame 0x" + Long.toHexString((long) f << FRAME_SHIFT) + " has no references";
            }
            if (isFreeBit) {
                freeCount++;
            }
            if ((dirtyMap[f >>> 6] & (1L << (f & 63))) != 0) {
                if (!isFreeBit) {
                    return "frame 0x" + Long.toHexString((long) f << FRAME_SHIFT) + " is in use but marked for scrubbing";
                }
                dirtyCount++;
            }
        }
        if (dirtyCount != dirtyFree) {
            return "dirty counter " + dirtyFree + " but " + dirtyCount + " marked for scrubbing";
        }
        return freeCount == free ? null : "free counter " + free + " but " + freeCount + " free in the bitmap";
    }
}
