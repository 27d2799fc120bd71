package oolong.repl.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LeakReportTest {
    @Test
    void aDecreaseIsNotALeak() {
        LeakReport r = LeakReport.of(Map.of("processes_live", 5L, "frames_used", 900L),
                Map.of("processes_live", 2L, "frames_used", 850L));
        assertTrue(r.clean(), r.toString());
        assertFalse(r.toString().contains("LEAK"), r.toString());
        assertTrue(r.toString().startsWith("no leaks"), r.toString());
        assertTrue(r.toString().contains("freed (-3)"), r.toString());
    }

    @Test
    void anIncreaseIsOne() {
        LeakReport r = LeakReport.of(Map.of("pipes_open", 1L), Map.of("pipes_open", 3L));
        assertFalse(r.clean());
        assertEquals(1, r.leaks().size());
        assertTrue(r.toString().contains("LEAK? (+2)"), r.toString());
    }
}
