package oolong.kernel.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Nearest-rank percentiles, checked against the definition by counting. */
class GcPausesTest {
    @Test
    void smallCases() {
        long[] one = {7};
        assertEquals(7, GcPauses.percentile(one, 1, 50));
        assertEquals(7, GcPauses.percentile(one, 1, 99));
        assertEquals(-1, GcPauses.percentile(one, 0, 50));
        long[] ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(5, GcPauses.percentile(ten, 10, 50));
        assertEquals(10, GcPauses.percentile(ten, 10, 99));
        long[] hundred = new long[100];
        Arrays.setAll(hundred, i -> i + 1);
        assertEquals(99, GcPauses.percentile(hundred, 100, 99));
        assertEquals(50, GcPauses.percentile(hundred, 100, 50));
    }

    /** The smallest value v with at least p% of the values <= v, by counting. */
    @Test
    void matchesTheDefinitionOnRandomData() {
        Random r = new Random(16);
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + r.nextInt(1024);
            long[] v = new long[n + r.nextInt(5)];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextInt(50);
            }
            Arrays.sort(v, 0, n);
            for (int p : new int[] {1, 50, 90, 99, 100}) {
                long expected = Long.MAX_VALUE;
                for (int i = 0; i < n; i++) {
                    int atOrBelow = 0;
                    for (int j = 0; j < n; j++) {
                        atOrBelow += v[j] <= v[i] ? 1 : 0;
                    }
                    if (100L * atOrBelow >= (long) p * n) {
                        expected = Math.min(expected, v[i]);
                    }
                }
                assertEquals(expected, GcPauses.percentile(v, n, p), "n=" + n + " p=" + p);
            }
        }
    }
}
