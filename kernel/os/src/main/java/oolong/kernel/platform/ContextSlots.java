package oolong.kernel.platform;

/**
 * Saved-register contexts packed several to a 4 KiB frame: a context (x86: 768 bytes, registers
 * and the 512-byte FXSAVE area) took a whole frame of its own, 3.3 KiB of every process's kernel
 * memory for nothing. Frames still come from the {@link FrameSource} (the frame allocator, with its
 * accounting and its fault point) and go back as soon as their last slot is released, so the frame
 * counters return to their baseline when processes go.
 *
 * <p>Each frame keeps its bookkeeping in its tail, after the slots: a mask of the slots in use and
 * the links of a doubly linked list of frames that still have a free slot. No Java object is
 * allocated per slot or per frame.
 */
public final class ContextSlots {
    private static final long FRAME = 4096;
    private static final int HEADER_BYTES = 24;     /* used mask, previous, next */

    private final PhysicalMemory mem;
    private final FrameSource frames;
    private final int slotBytes;
    private final int slotsPerFrame;
    private final long fullMask;
    private final long header;
    /* the first frame with a free slot, 0 for none (frame 0 is never handed out) */
    private long partial;
    private long slotsInUse;
    private long framesHeld;

    /** @param slotBytes a slot's size, a multiple of 16 (FXSAVE's alignment) */
    public ContextSlots(PhysicalMemory mem, FrameSource frames, int slotBytes) {
        if (slotBytes <= 0 || slotBytes % 16 != 0 || slotBytes > FRAME - HEADER_BYTES) {
            throw new IllegalArgumentException("slot size " + slotBytes);
        }
        this.mem = mem;
        this.frames = frames;
        this.slotBytes = slotBytes;
        this.slotsPerFrame = (int) Math.min(64, (FRAME - HEADER_BYTES) / slotBytes);
        this.fullMask = slotsPerFrame == 64 ? -1L : (1L << slotsPerFrame) - 1;
        this.header = (long) slotsPerFrame * slotBytes;
    }

    /** A slot's address (contents undefined), or -1 when a frame was needed and none was left. */
    public long allocate() {
        long f = partial;
        if (f == 0) {
            f = frames.allocate();
            if (f < 0) {
                return -1;
            }
            framesHeld++;
            mem.putLong(f + header, 0);
            link(f);
        }
        long used = mem.getLong(f + header);
        int slot = Long.numberOfTrailingZeros(~used);
        used |= 1L << slot;
        mem.putLong(f + header, used);
        if (used == fullMask) {
            unlink(f);
        }
        slotsInUse++;
        return f + (long) slot * slotBytes;
    }

    /** Gives a slot back; its frame goes back to the frame source with its last slot. */
    public void release(long slotAddress) {
        long f = slotAddress & ~(FRAME - 1);
        long offset = slotAddress - f;
        if (offset % slotBytes != 0 || offset >= header) {
            throw new IllegalStateException("not a context slot: 0x" + Long.toHexString(slotAddress));
        }
        long bit = 1L << (offset / slotBytes);
        long used = mem.getLong(f + header);
        if ((used & bit) == 0) {
            throw new IllegalStateException("context slot released twice: 0x" + Long.toHexString(slotAddress));
        }
        boolean wasFull = used == fullMask;
        used &= ~bit;
        mem.putLong(f + header, used);
        slotsInUse--;
        if (used == 0) {
            if (!wasFull) {
                unlink(f);
            }
            frames.release(f);
            framesHeld--;
        } else if (wasFull) {
            link(f);
        }
    }

    public int slotsPerFrame() {
        return slotsPerFrame;
    }

    public long slotsInUse() {
        return slotsInUse;
    }

    /** Frames holding at least one slot in use. */
    public long framesHeld() {
        return framesHeld;
    }

    private void link(long f) {
        mem.putLong(f + header + 8, 0);
        mem.putLong(f + header + 16, partial);
        if (partial != 0) {
            mem.putLong(partial + header + 8, f);
        }
        partial = f;
    }

    private void unlink(long f) {
        long prev = mem.getLong(f + header + 8);
        long next = mem.getLong(f + header + 16);
        if (prev != 0) {
            mem.putLong(prev + header + 16, next);
        } else {
            partial = next;
        }
        if (next != 0) {
            mem.putLong(next + header + 8, prev);
        }
    }
}
