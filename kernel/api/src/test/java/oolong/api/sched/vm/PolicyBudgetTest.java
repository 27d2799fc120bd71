package oolong.api.sched.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Budgets per decision: 20,000 instructions at 100 Hz or slower, shrinking with a faster tick so
 * that one decision stays well under a tick, never below 100; the default is 10,000 or the
 * largest, if smaller.
 */
class PolicyBudgetTest {
    @Example
    void theFiguresDocsSchedulerMdGives() {
        assertEquals(20_000, PolicyBudget.max(100));
        assertEquals(20_000, PolicyBudget.max(18));
        assertEquals(8_000, PolicyBudget.max(250));
        assertEquals(2_000, PolicyBudget.max(1000));
        assertEquals(100, PolicyBudget.max(100_000));
        assertEquals(10_000, PolicyBudget.defaultFor(100));
        assertEquals(8_000, PolicyBudget.defaultFor(250));
    }

    @Property
    void theLargestShrinksWithTheTickAndStaysInBounds(@ForAll @IntRange(min = 1, max = 1_000_000) int hz) {
        long max = PolicyBudget.max(hz);
        assertTrue(max >= PolicyBudget.MIN && max <= PolicyBudget.MAX, "max " + max);
        assertTrue(PolicyBudget.max(hz + 1) <= max, "a faster tick never allows more");
        long dflt = PolicyBudget.defaultFor(hz);
        assertEquals(Math.min(PolicyBudget.DEFAULT, max), dflt);
        if (hz > 100 && max > PolicyBudget.MIN) {
            assertTrue(max * hz <= PolicyBudget.MAX * 100, "no more instructions per second than at 100 Hz");
        }
    }
}
