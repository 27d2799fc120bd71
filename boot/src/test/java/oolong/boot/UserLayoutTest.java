package oolong.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import oolong.kernel.mem.UserLayout;
import org.junit.jupiter.api.Test;

/** The kernel's user address-space layout must match what the user image is built for. */
class UserLayoutTest {
    @Test
    void arenaBaseAndSizeMatchTheUserImage() {
        assertEquals(ImageSpec.USER_ARENA_BASE, UserLayout.ARENA_BASE);
        assertEquals(ImageSpec.arenaBytes(4L << 20), UserLayout.ARENA_BYTES, "4 MiB user heap (ImageBuilder's default)");
    }

    /**
     * What a forked process writes lies in one 2 MiB range (docs/memory.md): the stack's top (the
     * stack ends where .data starts), .data and .bss, the GC's tables at the arena's start and the
     * first 64 KiB of the Java heap after them; the stack's guard page lies below.
     */
    @Test
    void theWrittenPartsShareOneTwoMiBRange() {
        long twoMiB = 2L << 20;
        assertEquals(UserLayout.DATA_BASE, UserLayout.STACK_TOP);
        long range = UserLayout.DATA_BASE / twoMiB;
        assertEquals(range, (UserLayout.STACK_TOP - (64L << 10)) / twoMiB, "the stack's top 64 KiB");
        long heapStart = UserLayout.ARENA_BASE + ImageSpec.userMapBytes(4L << 20) - (4L << 20);
        assertTrue(heapStart > UserLayout.ARENA_BASE);
        assertEquals(range, (heapStart + (64L << 10)) / twoMiB, "heap start " + Long.toHexString(heapStart));
        assertTrue(UserLayout.GUARD_BASE < UserLayout.STACK_BASE);
        assertTrue(ImageSpec.userMapBytes(4L << 20) < UserLayout.ARENA_BYTES / 2, "malloc keeps room above the reservation");
    }
}
