package oolong.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import oolong.boot.guest.JavaChecks;
import org.junit.jupiter.api.Test;

/** The checked operations must be exactly Java's (checked here on HotSpot). */
class JavaChecksTest {
    @Test
    void matchesJavaOnEdgeCases() {
        int[] ints = {0, 1, -1, 2, -2, 7, -7, Integer.MAX_VALUE, Integer.MIN_VALUE};
        for (int a : ints) {
            for (int b : ints) {
                if (b == 0) {
                    assertThrows(ArithmeticException.class, () -> JavaChecks.divide(a, b));
                    assertThrows(ArithmeticException.class, () -> JavaChecks.remainder(a, b));
                    continue;
                }
                assertEquals(a / b, JavaChecks.divide(a, b), a + " / " + b);
                assertEquals(a % b, JavaChecks.remainder(a, b), a + " % " + b);
                assertEquals((long) a / b, JavaChecks.divide((long) a, (long) b));
                assertEquals(Long.MIN_VALUE / b, JavaChecks.divide(Long.MIN_VALUE, (long) b));
                assertEquals(Long.MIN_VALUE % b, JavaChecks.remainder(Long.MIN_VALUE, (long) b));
            }
        }
        assertEquals("/ by zero", assertThrows(ArithmeticException.class, () -> JavaChecks.divide(1L, 0L)).getMessage());
        assertThrows(NegativeArraySizeException.class, () -> JavaChecks.arraySize(-1));
        JavaChecks.arraySize(0);
    }
}
