package oolong.api.sched.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import oolong.api.sched.Policy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The good policies, which between them use every instruction a policy may, agree with the JVM
 * decision by decision ({@link DifferentialHarness}), and cost the interpreter exactly the
 * instructions they always did: budgets are counted in these instructions, so a change to what
 * counts as one would silently change every policy's budget.
 */
class GoodPoliciesTest {
    static final List<Class<? extends Policy>> POLICIES = List.of(GoodPolicies.Fair.class, GoodPolicies.Switchy.class,
            GoodPolicies.Arithmetic.class, GoodPolicies.Recursive.class, GoodPolicies.Weighted.class);

    static List<Object[]> instructions() {
        return GoodPolicies.pinnedInstructions();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("instructions")
    void interpreterAgreesWithTheJvmAtTheSameCost(Class<? extends Policy> c, long expected) throws Exception {
        assertEquals(expected, DifferentialHarness.policy(c, DifferentialHarness.POLICY_SEEDS,
                DifferentialHarness.POLICY_STEPS, DifferentialHarness.INTERPRETED), c.getSimpleName() + ": instructions over "
                + DifferentialHarness.POLICY_SEEDS * DifferentialHarness.POLICY_STEPS + " decisions");
    }
}
