package oolong.api.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The shared range check of an event's arguments: every index of 0..ARGS-1 reads its own slot,
 * and each index outside (just below, just above, the extremes) is refused with the message a
 * fault report quotes ("arg 6 is outside 0..5", as ExtensionCorpusTest and ExtensionsTest expect).
 */
class EventArgsTest {
    @Test
    void everyIndexInRangeReadsItsSlot() {
        long[] args = new long[Event.ARGS];
        for (int i = 0; i < args.length; i++) {
            args[i] = 100L * (i + 1) - 7;
        }
        for (int i = 0; i < Event.ARGS; i++) {
            assertEquals(100L * (i + 1) - 7, EventArgs.get(args, i), "arg " + i);
        }
    }

    @Test
    void anIndexOutsideIsRefusedWithItsNumber() {
        long[] args = new long[Event.ARGS];
        for (int i : new int[] {-1, Event.ARGS, Event.ARGS + 1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventArgs.get(args, i));
            assertEquals("arg " + i + " is outside 0.." + (Event.ARGS - 1), e.getMessage());
        }
    }

    /** A longer array (a caller's scratch) does not widen the range: the check is against ARGS. */
    @Test
    void theRangeIsTheEventsNotTheArrays() {
        long[] roomy = new long[Event.ARGS + 4];
        assertThrows(IllegalArgumentException.class, () -> EventArgs.get(roomy, Event.ARGS));
    }
}
