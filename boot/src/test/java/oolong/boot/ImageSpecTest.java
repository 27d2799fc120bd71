package oolong.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImageSpecTest {
    @Test
    void arenaHoldsHeapGcTablesAndMallocRoundedTo2MiB() {
        long heap = 32L << 20;
        long arena = ImageSpec.arenaBytes(heap);
        assertEquals(0, arena % (2L << 20));
        assertTrue(arena >= heap + heap / 16 + (4L << 20));
        assertTrue(arena < heap + heap / 16 + (8L << 20));
    }

    @Test
    void kernelAndUserImagesDifferInEntryAndLayout() {
        ImageSpec k = ImageSpec.kernel(32L << 20);
        ImageSpec u = ImageSpec.user(4L << 20);
        assertEquals("oolong.kernel.Kernel", k.mainClass());
        assertEquals("oolong.user.Main", u.mainClass());
        assertTrue(k.elf32ForMultiboot());
        assertTrue(k.defines().get(0).startsWith("OOLONG_ARENA_BYTES="));
        assertTrue(u.defines().stream().anyMatch(d -> d.startsWith("OOLONG_USER_ARENA_BASE=")));
    }
}
