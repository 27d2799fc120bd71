package oolong.repl.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import oolong.api.probe.Maps;
import org.junit.jupiter.api.Test;

/** A histogram prints as bpftrace prints @hist: bucket ranges with K/M suffixes, counts, bars. */
class HistogramTest {
    @Test
    void bucketsPrintAsBpftraceDoes() {
        Map<Long, Long> b = Map.of(Maps.bucket(0), 1L, Maps.bucket(1), 2L, Maps.bucket(5), 4L, Maps.bucket(1500), 8L,
                Maps.bucket(3_000_000), 2L);
        String shown = new Histogram("lat", b).toString();
        String[] lines = shown.split("\n");
        assertEquals("@lat:", lines[0]);
        assertEquals("[0]                         1 |@@@@@@                                              |", lines[1]);
        assertEquals("[1]                         2 |@@@@@@@@@@@@@                                       |", lines[2]);
        assertEquals("[2, 4)                      0 |                                                    |", lines[3]);
        assertEquals("[4, 8)                      4 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |", lines[4]);
        assertEquals("[1K, 2K)                    8 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|", lines[12]);
        assertEquals("[2M, 4M)                    2 |@@@@@@@@@@@@@                                       |", lines[lines.length - 1]);
        assertEquals(17, new Histogram("x", b).count());
        assertEquals("@x:\n(empty)", new Histogram("x", Map.of()).toString());
        assertEquals("(..., 0)", Histogram.range(-1));
    }
}
