package oolong.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fork and memflag flags are distinct single bits, so that any combination of them can be told apart. */
class FlagsTest {
    static void distinctBits(Class<?> c, int expected) {
        Map<String, Integer> flags = Constants.of(c);
        assertEquals(expected, flags.size(), c.getSimpleName() + ": " + flags.keySet());
        int seen = 0;
        for (Map.Entry<String, Integer> f : flags.entrySet()) {
            assertEquals(1, Integer.bitCount(f.getValue()), f.getKey() + " is not a single bit");
            assertEquals(0, seen & f.getValue(), f.getKey() + " shares its bit");
            seen |= f.getValue();
        }
    }

    @Test
    void forkFlagsAreTheSeedsFourBits() {
        distinctBits(ForkFlags.class, 4);
        assertEquals(1, ForkFlags.NOREAP);
        assertEquals(2, ForkFlags.NEWFS);
        assertEquals(4, ForkFlags.SHAREMEM);
        assertEquals(8, ForkFlags.SHAREHANDLE);
    }

    @Test
    void memFlagsAreDistinctBits() {
        distinctBits(MemFlags.class, 2);
    }
}
