package oolong.kernel.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import oolong.kernel.mem.SimulatedMachine;
import org.junit.jupiter.api.Test;

/** Saved-register slots packed five to a frame, over the simulated machine's frame allocator. */
class ContextSlotsTest {
    private static final int SLOT = 0x300;

    @Test
    void fiveSlotsShareAFrameAndTheFrameGoesBackWithTheLast() {
        SimulatedMachine m = new SimulatedMachine(8L << 20);
        long used = m.frames.usedFrames();
        ContextSlots slots = new ContextSlots(m.memory, m.frames, SLOT);
        assertEquals(5, slots.slotsPerFrame());
        long[] a = new long[6];
        for (int i = 0; i < 6; i++) {
            a[i] = slots.allocate();
        }
        assertEquals(used + 2, m.frames.usedFrames(), "six slots take two frames");
        for (int i = 1; i < 5; i++) {
            assertEquals(a[0] + (long) i * SLOT, a[i], "the first frame's slots in order");
            assertEquals(0, a[i] % 16, "16-byte aligned (FXSAVE)");
        }
        slots.release(a[5]);
        assertEquals(used + 1, m.frames.usedFrames(), "the second frame went back with its only slot");
        slots.release(a[2]);
        assertEquals(a[2], slots.allocate(), "a freed slot of a full frame is used again");
        for (int i = 0; i < 5; i++) {
            slots.release(a[i]);
        }
        assertEquals(used, m.frames.usedFrames());
        assertEquals(0, slots.slotsInUse());
        assertEquals(0, slots.framesHeld());
        assertEquals(null, m.frames.checkConsistency());
    }

    @Test
    void outOfFramesAndMisuseAreClear() {
        SimulatedMachine m = new SimulatedMachine(8L << 20);
        ContextSlots slots = new ContextSlots(m.memory, m.frames, SLOT);
        m.frames.setFailureHook(() -> true);
        assertEquals(-1, slots.allocate(), "no frame: -1");
        m.frames.setFailureHook(null);
        long s = slots.allocate();
        long other = slots.allocate();
        slots.release(s);
        assertThrows(IllegalStateException.class, () -> slots.release(s), "twice");
        assertThrows(IllegalStateException.class, () -> slots.release(other + 8), "not a slot's start");
        m.frames.setFailureHook(() -> true);
        assertEquals(s, slots.allocate(), "a frame with a free slot needs no new frame");
        m.frames.setFailureHook(null);
        assertThrows(IllegalArgumentException.class, () -> new ContextSlots(m.memory, m.frames, 100));
    }

    /** Any order of allocations and releases: slots never overlap, frames = ceil-ish, all return. */
    @Property(tries = 200)
    void slotsNeverOverlapAndEveryFrameReturns(@ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int steps) {
        SimulatedMachine m = new SimulatedMachine(8L << 20);
        long used = m.frames.usedFrames();
        ContextSlots slots = new ContextSlots(m.memory, m.frames, SLOT);
        Random rnd = new Random(seed);
        List<Long> live = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < steps; i++) {
            if (live.isEmpty() || rnd.nextInt(3) > 0) {
                long s = slots.allocate();
                assertTrue(seen.add(s), "handed out twice: " + s);
                m.memory.zero(s, SLOT);                  /* the owner writes its whole slot */
                live.add(s);
            } else {
                long s = live.remove(rnd.nextInt(live.size()));
                seen.remove(s);
                slots.release(s);
            }
            assertEquals(live.size(), slots.slotsInUse());
            assertTrue(slots.framesHeld() >= (live.size() + 4) / 5 && slots.framesHeld() <= live.size());
            assertEquals(used + slots.framesHeld(), m.frames.usedFrames());
        }
        for (long s : live) {
            slots.release(s);
        }
        assertEquals(used, m.frames.usedFrames());
    }
}
