package oolong.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PoliciesTest {
    @Test
    void seedKeepsTheCurrentProcessAndOtherwiseTakesTheFirstInTreeOrder() {
        SimulatedQueue q = new SimulatedQueue(3);
        assertEquals(0, new SeedPolicy().pick(q), "nothing ran yet: first in tree order");
        q.current = 2;
        assertEquals(2, new SeedPolicy().pick(q));
        q.run(new SeedPolicy(), 100);
        assertEquals(100, q.ran[2], "a CPU-bound process keeps the CPU under the seed's policy");
    }

    @Test
    void roundRobinSharesEqually() {
        SimulatedQueue q = new SimulatedQueue(4);
        q.run(new RoundRobinPolicy(), 4000);
        for (long r : q.ran) {
            assertEquals(1000, r);
        }
    }

    @Test
    void strideFollowsTheWeights() {
        SimulatedQueue q = new SimulatedQueue(3);
        q.weight[0] = 1;
        q.weight[1] = 2;
        q.weight[2] = 3;
        q.run(new StridePolicy(), 6000);
        assertEquals(1000, q.ran[0], 10);
        assertEquals(2000, q.ran[1], 10);
        assertEquals(3000, q.ran[2], 10);
    }

    @Test
    void lotteryIsProportionalOnAverage() {
        SimulatedQueue q = new SimulatedQueue(2);
        q.weight[0] = 1;
        q.weight[1] = 3;
        q.run(new LotteryPolicy(), 20000);
        double share = q.ran[1] / 20000.0;
        assertTrue(Math.abs(share - 0.75) < 0.02, "share " + share);
    }

    @Test
    void priorityPrefersLowNiceButAgesTheOthers() {
        SimulatedQueue q = new SimulatedQueue(2);
        q.nice[0] = 10;
        q.nice[1] = -5;
        q.run(new PriorityPolicy(), 10_000);
        assertTrue(q.ran[1] > 9_800, "favoured process ran " + q.ran[1]);
        assertTrue(q.ran[0] >= 10_000 / (PriorityPolicy.AGING_TICKS + 1) - 1, "the other one is not starved: " + q.ran[0]);
    }
}
