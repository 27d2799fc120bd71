package oolong.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class NumbersTest {
    @Test
    void addressesInTheUpperHalfParse() {
        assertEquals(0xffff800000000000L, Numbers.parse64("0xffff800000000000"));
        assertEquals(0x8000000000000000L, Numbers.parse64("9223372036854775808"));
        assertEquals(-1L, Numbers.parse64("18446744073709551615"));
        assertEquals(-1L, Numbers.parse64("0xFFFFFFFFFFFFFFFF"));
        assertEquals(-140737488355328L, Numbers.parse64("-140737488355328"));
        assertEquals(1073741824L, Numbers.parse64(" 1073741824 "));
    }

    @Test
    void whatDoesNotFitIsRefused() {
        for (String bad : new String[] {"18446744073709551616", "0x10000000000000000", "0x", "", "-", "12a", "0xg",
                "-9223372036854775809"}) {
            assertThrows(NumberFormatException.class, () -> Numbers.parse64(bad), bad);
        }
    }

    @Property(tries = 2000)
    void theRepliesFormRoundTrips(@ForAll long bits) {
        assertEquals(bits, Numbers.parse64(Numbers.address(bits)));
        assertEquals(bits, Numbers.parse64(Long.toUnsignedString(bits)));
        assertEquals(bits, Numbers.parse64(Long.toString(bits)));
    }
}
