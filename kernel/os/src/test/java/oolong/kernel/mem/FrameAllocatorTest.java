package oolong.kernel.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FrameAllocatorTest {
    private static final long MIB = 1 << 20;
    private static final long PAGE = 4096;

    /** A layout like the guest's: 256 MiB, image at 1 MiB, a module, the arena, a reserved hole. */
    private static FrameAllocator guestLike() {
        return new FrameAllocator.Builder()
                .usable(0, 0x9FC00)                       /* low memory, always excluded below */
                .usable(MIB, 255 * MIB - 0x20000)          /* ends at a non-frame boundary */
                .exclude(0, MIB)
                .exclude(MIB, 0x46_5432)                    /* "kernel image", unaligned end */
                .exclude(0x46_6000, 0x49_9001)               /* "module" */
                .exclude(8 * MIB, 48 * MIB)                /* "arena" */
                .build();
    }

    @Test
    void excludesLowMemoryImageModulesArenaAndPartialFrames() {
        FrameAllocator a = guestLike();
        assertFalse(a.isManaged(0));
        assertFalse(a.isManaged(0x9E000));
        assertFalse(a.isManaged(MIB));
        assertFalse(a.isManaged(0x46_5000), "frame holding the image's last byte");
        assertFalse(a.isManaged(0x46_6000));
        assertFalse(a.isManaged(0x49_9000), "frame holding the module's last byte");
        assertTrue(a.isManaged(0x49_A000));
        assertFalse(a.isManaged(8 * MIB));
        assertFalse(a.isManaged(48 * MIB - PAGE));
        assertTrue(a.isManaged(48 * MIB));
        long ramEnd = MIB + 255 * MIB - 0x20000;
        assertTrue(a.isManaged((ramEnd & ~(PAGE - 1)) - PAGE));
        assertFalse(a.isManaged(ramEnd & ~(PAGE - 1)));
        long frames = 0;
        for (long f = 0; f < a.top(); f += PAGE) {
            if (a.isManaged(f)) {
                frames++;
            }
        }
        assertEquals(frames, a.totalFrames());
        assertEquals(a.totalFrames(), a.freeFrames());
        assertEquals(0, a.usedFrames());
        assertEquals((8 * MIB - 0x49_A000) / PAGE + ((ramEnd & ~(PAGE - 1)) - 48 * MIB) / PAGE, a.totalFrames());
        assertEquals(0x49_A000, a.lowestManaged());
        assertEquals((ramEnd & ~(PAGE - 1)) - PAGE, a.highestManaged());
        assertNull(a.checkConsistency());
    }

    @Test
    void nothingAtOrAbove1GiB() {
        FrameAllocator a = new FrameAllocator.Builder().usable(MIB, 2048 * MIB).build();
        assertEquals((1024 * MIB - MIB) / PAGE, a.totalFrames());
        assertFalse(a.isManaged(1024 * MIB));
        assertEquals(1024 * MIB - PAGE, a.highestManaged());
    }

    @Test
    void allocatesEveryManagedFrameOnceThenFailsCleanly() {
        FrameAllocator a = guestLike();
        Set<Long> seen = new HashSet<>();
        long total = a.totalFrames();
        for (long i = 0; i < total; i++) {
            long f = a.allocate();
            assertNotEquals(FrameAllocator.NO_FRAME, f);
            assertEquals(0, f % PAGE);
            assertTrue(a.isManaged(f), Long.toHexString(f));
            assertTrue(seen.add(f), "handed out twice: " + Long.toHexString(f));
            assertEquals(1, a.refCount(f));
        }
        assertEquals(0, a.freeFrames());
        assertEquals(total, a.usedFrames());
        assertEquals(FrameAllocator.NO_FRAME, a.allocate());
        assertEquals(FrameAllocator.NO_FRAME, a.allocate());
        assertEquals(2, a.failedAllocations());
        long some = seen.iterator().next();
        assertEquals(0, a.release(some));
        assertEquals(1, a.freeFrames());
        assertEquals(some, a.allocate(), "the only free frame is reused");
        assertNull(a.checkConsistency());
    }

    @Test
    void referenceCountsShareAndFreeAtZero() {
        FrameAllocator a = guestLike();
        long free = a.freeFrames();
        long f = a.allocate();
        a.retain(f);
        a.retain(f);
        assertEquals(3, a.refCount(f));
        assertEquals(2, a.release(f));
        assertEquals(1, a.release(f));
        assertFalse(a.isFree(f));
        assertEquals(free - 1, a.freeFrames());
        assertEquals(0, a.release(f));
        assertTrue(a.isFree(f));
        assertEquals(free, a.freeFrames());
        assertEquals(1, a.frees());
        assertNull(a.checkConsistency());
    }

    @Test
    void doubleFreeAndRetainOfFreeFrameAreDetected() {
        FrameAllocator a = guestLike();
        long f = a.allocate();
        a.release(f);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.release(f));
        assertTrue(e.getMessage().contains("double free"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> a.retain(f));
        assertThrows(IllegalArgumentException.class, () -> a.release(f + 8));
        assertThrows(IllegalArgumentException.class, () -> a.refCount(a.top()));
        assertNull(a.checkConsistency());
    }

    @Test
    void unmanagedFramesAreCountedButNeverFreed() {
        FrameAllocator a = guestLike();
        long module = 0x47_0000;
        long free = a.freeFrames();
        a.retain(module);
        a.retain(module);
        assertEquals(2, a.refCount(module));
        a.release(module);
        a.release(module);
        assertEquals(0, a.refCount(module));
        assertFalse(a.isFree(module));
        assertEquals(free, a.freeFrames());
        assertThrows(IllegalStateException.class, () -> a.release(module));
    }

    @Test
    void failureHookIsTheSingleChokePoint() {
        FrameAllocator a = guestLike();
        int[] calls = {0};
        a.setFailureHook(() -> ++calls[0] % 3 == 0);
        int ok = 0;
        int failed = 0;
        for (int i = 0; i < 9; i++) {
            if (a.allocate() < 0) {
                failed++;
            } else {
                ok++;
            }
        }
        assertEquals(6, ok);
        assertEquals(3, failed);
        assertEquals(9, calls[0]);
        assertEquals(3, a.failedAllocations());
        a.setFailureHook(null);
        assertTrue(a.allocate() > 0);
    }

    @Test
    void scrubZeroesExactlyTheFramesFreedSinceTheLastScrub() {
        FrameAllocator a = new FrameAllocator.Builder().usable(MIB, 4 * MIB).exclude(0, MIB).build();
        ArrayPhysicalMemory mem = new ArrayPhysicalMemory(8 * MIB);
        assertEquals(a.totalFrames(), a.dirtyFreeFrames(), "at start every free frame may hold anything");
        assertEquals(a.totalFrames(), a.scrub(mem));
        assertEquals(0, a.dirtyFreeFrames());
        assertEquals(0, a.scrub(mem), "nothing new to scrub");
        long f1 = a.allocate();
        long f2 = a.allocate();
        long f3 = a.allocate();
        mem.putLong(f1, 0x1111);
        mem.putLong(f2 + 8, 0x2222);
        mem.putLong(f3, 0x3333);
        a.retain(f2);
        assertEquals(1, a.release(f2), "still shared: not free");
        a.release(f1);
        a.release(f3);
        assertEquals(2, a.dirtyFreeFrames());
        assertNull(a.checkConsistency());
        assertEquals(2, a.scrub(mem));
        assertEquals(0, mem.getLong(f1));
        assertEquals(0, mem.getLong(f3));
        assertEquals(0x2222, mem.getLong(f2 + 8), "a frame in use is never touched");
        long again = a.allocate();
        assertEquals(0, a.dirtyFreeFrames(), "an allocated frame is not marked");
        a.release(again);
        a.release(f2);
        assertEquals(2, a.dirtyFreeFrames());
        assertNull(a.checkConsistency());
        FrameAllocator zeroed = new FrameAllocator.Builder().usable(MIB, 4 * MIB).exclude(0, MIB).zeroed(true).build();
        assertEquals(0, zeroed.dirtyFreeFrames(), "memory known to be zero needs no scrub");
        zeroed.release(zeroed.allocate());
        assertEquals(1, zeroed.scrub(mem));
    }
}
