package oolong.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import oolong.kernel.mem.UserLayout;
import org.junit.jupiter.api.Test;

/** The kernel's user address-space layout must match what the user image is built for. */
class UserLayoutTest {
    @Test
    void arenaBaseAndSizeMatchTheUserImage() {
        assertEquals(ImageSpec.USER_ARENA_BASE, UserLayout.ARENA_BASE);
        assertEquals(ImageSpec.arenaBytes(4L << 20), UserLayout.ARENA_BYTES, "4 MiB user heap (ImageBuilder's default)");
    }
}
