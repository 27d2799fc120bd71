package oolong.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TimelineTest {
    static Timeline withRuns(int n) {
        Timeline t = new Timeline();
        for (int i = 0; i < n; i++) {
            t.record(i, 2 + i % 2);
        }
        return t;
    }

    @Test
    void aWindowStartsAtTheOldestKeptRunAndEndsAtTheLast() {
        Timeline t = withRuns(Timeline.CAPACITY + 10);
        assertEquals(10, t.windowStart(0));
        assertEquals(10, t.windowStart(-5));
        assertEquals(100, t.windowStart(100));
        assertEquals(100 + 4096, t.windowEnd(100, 4096));
        assertEquals(t.count(), t.windowEnd(t.count() - 3, 4096));
    }

    @Test
    void aSinceBeyondTheEndGivesAnEmptyWindowWhoseNextIsTheEnd() {
        Timeline t = withRuns(46);
        for (long since : new long[] {46, 47, 1L << 40, Long.MAX_VALUE - 4095, Long.MAX_VALUE}) {
            long from = t.windowStart(since);
            long to = t.windowEnd(from, 4096);
            assertEquals(46, from, "since " + since);
            assertEquals(46, to, "since " + since + ": next must not overflow");
        }
    }
}
