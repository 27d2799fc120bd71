package oolong.introspect.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CachedMemoryTest {
    /** 1 MiB of RAM with a hole at [0x40000, 0x50000), like the legacy VGA window. */
    static final class Ram implements PhysicalMemory {
        final byte[] bytes = new byte[1 << 20];
        int reads;

        Ram() {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (i * 31 + (i >> 8));
            }
        }

        @Override
        public void read(long address, byte[] dst, int offset, int length) {
            reads++;
            if (address < 0 || address + length > bytes.length || (address < 0x50000 && address + length > 0x40000)) {
                throw new MemoryAccessException(address, "not RAM");
            }
            System.arraycopy(bytes, (int) address, dst, offset, length);
        }
    }

    @Property(tries = 300)
    void readsEqualTheSourceWhereverTheyFall(@ForAll @IntRange(max = (1 << 20) - 1) int address,
                                             @ForAll @IntRange(min = 1, max = 20000) int length) {
        Ram ram = new Ram();
        CachedMemory m = new CachedMemory(ram, 12);
        boolean valid = address + length <= ram.bytes.length && !(address < 0x50000 && address + length > 0x40000);
        if (!valid) {
            assertThrows(MemoryAccessException.class, () -> m.read(address, length));
            return;
        }
        assertArrayEquals(Arrays.copyOfRange(ram.bytes, address, address + length), m.read(address, length));
        assertArrayEquals(Arrays.copyOfRange(ram.bytes, address, address + length), m.read(address, length), "again, cached");
    }

    @Test
    void aChunkIsReadFromTheSourceOnceUntilInvalidated() {
        Ram ram = new Ram();
        CachedMemory m = new CachedMemory(ram, 16);
        for (int i = 0; i < 100; i++) {
            m.read(0x1000 + i * 8, 8);
        }
        assertEquals(1, ram.reads);
        byte before = ram.bytes[0x1000];
        ram.bytes[0x1000] = (byte) (before + 1);
        assertEquals(before, m.read(0x1000, 1)[0], "still the cached copy");
        m.invalidate();
        assertEquals((byte) (before + 1), m.read(0x1000, 1)[0]);
        assertEquals(2, ram.reads);
    }

    @Test
    void readsNextToAHoleStillWork() {
        Ram ram = new Ram();
        CachedMemory m = new CachedMemory(ram, 20);       /* the only chunk contains the hole */
        assertArrayEquals(Arrays.copyOfRange(ram.bytes, 0x3fff0, 0x40000), m.read(0x3fff0, 16));
        assertThrows(MemoryAccessException.class, () -> m.read(0x40000, 4));
    }
}
