package oolong.repl.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * k.sched().limits() and the setters print the bounds in words. watchdog(0) turns the watchdog
 * off (Scheduler.starving), but the text said "a runnable process may wait 0 ms + 10 ticks per
 * runnable process", a limit of a tenth of a second: the opposite of what was set.
 */
class LimitsTest {
    static Sched.Limits limits(int cpuPercent, long watchdogMs) throws Exception {
        return Sched.Limits.of(new ObjectMapper().readTree("{\"cpu_percent\":" + cpuPercent + ",\"cpu_window_ms\":1000,"
                + "\"watchdog_ms\":" + watchdogMs + ",\"watchdog_ticks_per_runnable\":10,\"max_slice_ms\":100,"
                + "\"default_budget\":10000,\"max_budget\":20000}"));
    }

    @Test
    void theDefaultsInWords() throws Exception {
        assertEquals("policies may use 50% of the CPU deciding (over 1000 ms); a runnable process may wait 1000 ms + 10 ticks"
                + " per runnable process; no process runs more than 100 ms without a decision; budgets up to 20000"
                + " instructions per decision (default 10000)", limits(50, 1000).toString());
    }

    @Test
    void aWatchdogOfZeroIsOff() throws Exception {
        String s = limits(50, 0).toString();
        assertFalse(s.contains("may wait 0 ms"), s);
        assertTrue(s.contains("; the watchdog is off (a runnable process may wait for ever);"), s);
    }

    @Test
    void aCpuLimitOf100IsNoBound() throws Exception {
        String s = limits(100, 1000).toString();
        assertTrue(s.startsWith("policies may use any share of the CPU deciding (no bound); a runnable process may wait"), s);
    }
}
