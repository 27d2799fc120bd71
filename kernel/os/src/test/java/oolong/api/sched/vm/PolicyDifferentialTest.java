package oolong.api.sched.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import oolong.api.sched.Policy;
import oolong.kernel.sched.LotteryPolicy;
import oolong.kernel.sched.PriorityPolicy;
import oolong.kernel.sched.RoundRobinPolicy;
import oolong.kernel.sched.SeedPolicy;
import oolong.kernel.sched.StridePolicy;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The interpreter and the JVM run the same policies on the same run-queue snapshots and must agree
 * on every decision: the choice, the slice, every scratch and global value and the random
 * generator's state, over sequences where processes come and go.
 */
class PolicyDifferentialTest {
    static final List<Class<? extends Policy>> POLICIES = List.of(SeedPolicy.class, RoundRobinPolicy.class,
            PriorityPolicy.class, LotteryPolicy.class, StridePolicy.class, GoodPolicies.Fair.class,
            GoodPolicies.Switchy.class, GoodPolicies.Arithmetic.class, GoodPolicies.Recursive.class,
            GoodPolicies.Weighted.class);

    static final int SEEDS = 40;
    static final int STEPS = 300;

    @TestFactory
    Stream<DynamicTest> interpreterAgreesWithTheJvm() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Class<? extends Policy> c : POLICIES) {
            tests.add(DynamicTest.dynamicTest(c.getSimpleName(), () -> agree(c)));
        }
        return tests.stream();
    }

    static void agree(Class<? extends Policy> c) throws Exception {
        VerifiedPolicy verified = PolicyVerifier.verify(ClassBytes.of(c));
        long decisions = 0;
        for (int seed = 1; seed <= SEEDS; seed++) {
            int size = 1 + (seed * 7) % 64;
            Policy jvm = c.getDeclaredConstructor().newInstance();
            PolicyInterpreter vm = new PolicyInterpreter(verified);
            vm.setBudget(1_000_000);      /* meaning, not cost, is compared here: Arithmetic over 64 processes takes ~11,000 */
            SnapshotQueue a = new SnapshotQueue(seed, size);
            SnapshotQueue b = new SnapshotQueue(seed, size);
            for (int step = 0; step < STEPS; step++) {
                a.beginDecision();
                b.beginDecision();
                String where = c.getSimpleName() + " seed " + seed + " step " + step;
                int x;
                try {
                    x = jvm.pick(a);
                } catch (RuntimeException e) {
                    fail(where + ": the JVM threw " + e);
                    return;
                }
                int y = vm.pick(b);
                assertEquals(x, y, where + ": choice");
                assertEquals(a.state(), b.state(), where + ": queue state after the decision");
                decisions++;
                a.advance(x);
                b.advance(y);
            }
        }
        assertEquals((long) SEEDS * STEPS, decisions);
    }
}
