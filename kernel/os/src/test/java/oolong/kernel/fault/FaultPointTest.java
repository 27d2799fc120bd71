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

    @Test
    void eachPointTakesOnlyTheParametersItDocuments() {
        FaultPoints all = new FaultPoints();
        for (long bad : new long[] {-5, 0, 1L << 31}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> all.tickDelay.configure(1_000_000, 1, -1, 0, null, bad, 1), "tick-delay " + bad);
            assertTrue(e.getMessage().contains("tick-delay") && e.getMessage().contains("at least 1"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> all.pipeTruncate.configure(1_000_000, 1, -1, 0, null, 0, 1));
        assertTrue(e.getMessage().contains("pipe-truncate") && e.getMessage().contains("at least 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> all.frameAllocation.configure(1_000_000, 1, -1, 0, null, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> all.killAtSyscall.configure(1_000_000, 1, -1, 0, null, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> all.tickSkip.configure(1_000_000, 1, -1, 0, null, 7, 1));
        assertEquals(1, all.tickDelay.defaultParameter());
        assertEquals(1, all.pipeTruncate.defaultParameter());
        assertEquals(0, all.frameAllocation.defaultParameter());
        all.tickDelay.configure(1_000_000, 1, -1, 0, null, 5, 1);
        assertEquals(5, all.tickDelay.parameter());
        all.pipeTruncate.configure(1_000_000, 1, -1, 0, null, 1, 1);
        all.killAtSyscall.configure(1_000_000, 1, -1, 0, null, 1007, 1);
        assertTrue(all.tickDelay.parameterError(1L << 31) != null);
        assertTrue(all.tickDelay.parameterError(100) == null);
    }
}
