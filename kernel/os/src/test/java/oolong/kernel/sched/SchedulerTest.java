package oolong.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import oolong.api.sched.Policy;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    final List<SchedEntity> entities = new ArrayList<>();
    final List<String> changes = new ArrayList<>();
    long now;

    Scheduler scheduler(Policy p, String name) {
        Scheduler s = new Scheduler(out -> {
            for (int i = 0; i < entities.size(); i++) {
                out[i] = entities.get(i);
            }
            return entities.size();
        }, p, name);
        s.setListener((from, to, reason) -> changes.add(from + "->" + to + ": " + reason));
        return s;
    }

    void add(int n) {
        for (int i = 0; i < n; i++) {
            entities.add(new SchedEntity(entities.size() + 2, now));
        }
    }

    /** Runs `ticks` ticks, each decision running its slice; returns the ticks each entity got. */
    long[] run(Scheduler s, int ticks) {
        long[] got = new long[entities.size()];
        SchedEntity last = null;
        while (now < ticks) {
            s.tick(now);
            SchedEntity e = s.pick(last);
            int slice = s.sliceOf(e);
            got[entities.indexOf(e)] += slice;
            now += slice;
            last = e;
        }
        return got;
    }

    @Test
    void nothingRunnableMeansNull() {
        assertNull(scheduler(new SeedPolicy(), "seed").pick(null));
    }

    @Test
    void strideThroughTheSchedulerFollowsWeights() {
        add(3);
        entities.get(0).weight = 1;
        entities.get(1).weight = 2;
        entities.get(2).weight = 3;
        long[] got = run(scheduler(new StridePolicy(), "stride"), 6000);
        assertEquals(1000, got[0], 10);
        assertEquals(2000, got[1], 10);
        assertEquals(3000, got[2], 10);
    }

    @Test
    void aThrowingPolicyFallsBackToThePreviousOne() {
        add(2);
        Scheduler s = scheduler(new RoundRobinPolicy(), "rr");
        s.use(q -> q.scratch(0, 99) > 0 ? 0 : 1, "bad-slot");
        SchedEntity e = s.pick(null);
        assertTrue(e != null);
        assertEquals("rr", s.policyName());
        assertEquals(1, s.fallbacks());
        assertTrue(s.lastFallbackReason().contains("scratch slot 99"), s.lastFallbackReason());
        assertTrue(changes.get(changes.size() - 1).startsWith("bad-slot->rr"), changes.toString());
    }

    @Test
    void anInvalidChoiceFallsBack() {
        add(3);
        Scheduler s = scheduler(new RoundRobinPolicy(), "rr");
        s.use(q -> q.size(), "off-by-one");
        s.pick(null);
        assertEquals("rr", s.policyName());
        assertTrue(s.lastFallbackReason().contains("returned 3 with 3"), s.lastFallbackReason());
    }

    @Test
    void theWatchdogRemovesAPolicyThatStarvesAProcess() {
        add(2);
        Scheduler s = scheduler(new RoundRobinPolicy(), "rr");
        s.setWatchdogTicks(50);
        s.use(q -> 0, "always-first");
        long[] got = run(s, 200);
        assertEquals("rr", s.policyName());
        assertTrue(s.lastFallbackReason().contains("watchdog: pid 3"), s.lastFallbackReason());
        assertTrue(got[1] > 50, "the starved process ran after the fallback: " + got[1]);
    }

    @Test
    void swappingClearsScratchAndKeepsEveryoneRunning() {
        add(3);
        Scheduler s = scheduler(new StridePolicy(), "stride");
        run(s, 100);
        assertTrue(entities.get(0).scratch[0] != 0);
        s.use(q -> {
            if (q.scratch(0, 0) != 0) {
                throw new IllegalStateException("stale scratch from the previous policy");
            }
            return new RoundRobinPolicy().pick(q);
        }, "rr-checking");
        run(s, 101);
        assertEquals("rr-checking", s.policyName(), String.valueOf(s.lastFallbackReason()));
        s.use(new RoundRobinPolicy(), "rr");
        long[] got = run(s, 400);
        for (long g : got) {
            assertTrue(g > 0);
        }
        assertSame(entities.get(0), entities.get(0));
    }

    @Test
    void policiesSetTheSlice() {
        add(2);
        Scheduler s = scheduler(q -> {
            q.setSlice(5);
            return 0;
        }, "slices");
        SchedEntity e = s.pick(null);
        assertEquals(5, s.sliceOf(e));
    }
}
