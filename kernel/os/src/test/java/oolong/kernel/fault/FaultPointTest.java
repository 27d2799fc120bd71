package oolong.kernel.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FaultPointTest {
    private static int count(FaultPoint p, int hits, int pid) {
        int failed = 0;
        for (int i = 0; i < hits; i++) {
            if (p.shouldFail(pid)) {
                failed++;
            }
        }
        return failed;
    }

    @Test
    void disabledNeverFailsButCountsHits() {
        FaultPoint p = new FaultPoint("x", "");
        assertEquals(0, count(p, 100, 1));
        assertEquals(100, p.hits());
    }

    @Test
    void everyNthAndAtMostNTimes() {
        FaultPoint p = new FaultPoint("x", "");
        p.configure(1_000_000, 3, 2, 0, null, 0, 1);
        boolean[] f = new boolean[10];
        for (int i = 0; i < 10; i++) {
            f[i] = p.shouldFail(1);
        }
        assertTrue(f[2] && f[5], "the 3rd and 6th hits fail");
        assertFalse(f[8], "then the budget of two is spent");
        assertEquals(2, p.failures());
    }

    @Test
    void probabilityIsRoughlyRespectedAndSeeded() {
        FaultPoint a = new FaultPoint("x", "");
        a.configure(100_000, 1, -1, 0, null, 0, 42);
        int failed = count(a, 100_000, 1);
        assertTrue(Math.abs(failed - 10_000) < 600, "failed " + failed);
        FaultPoint b = new FaultPoint("x", "");
        b.configure(100_000, 1, -1, 0, null, 0, 42);
        assertEquals(failed, count(b, 100_000, 1), "same seed, same failures");
    }

    @Test
    void scopeLimitsItToSomeProcessesAndSpaceDelaysTheFirst() {
        FaultPoint p = new FaultPoint("x", "");
        p.configure(1_000_000, 1, -1, 2, pid -> pid == 7, 0, 1);
        assertEquals(0, count(p, 5, 3), "other pids never fail");
        assertFalse(p.shouldFail(7));
        assertFalse(p.shouldFail(7));
        assertTrue(p.shouldFail(7), "after skipping two eligible hits");
        p.disable();
        assertFalse(p.shouldFail(7));
    }

    @Test
    void badKnobsAreRefused() {
        FaultPoint p = new FaultPoint("x", "");
        assertThrows(IllegalArgumentException.class, () -> p.configure(2_000_000, 1, -1, 0, null, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> p.configure(1, 0, -1, 0, null, 0, 1));
        FaultPoints all = new FaultPoints();
        assertNotNull(all.byName("frames"));
        assertNotNull(all.byName("kernel-spin"));
        assertEquals(8, all.all().size());
    }
}
