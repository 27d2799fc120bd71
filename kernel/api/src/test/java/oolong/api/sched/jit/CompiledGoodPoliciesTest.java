package oolong.api.sched.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import oolong.api.sched.Policy;
import oolong.api.sched.vm.GoodPolicies;
import oolong.api.sched.vm.DifferentialHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The good policies, which between them use every instruction a policy may (int and long
 * arithmetic, shifts, comparisons, conversions, both switches, calls, recursion, every run-queue
 * method and helper), agree three ways: HotSpot, interpreted, compiled ({@link DifferentialHarness}
 * with {@link CompiledParticipant#WITH_INTERPRETER}), over the whole differential corpus, at the
 * interpreter's pinned instruction counts.
 */
class CompiledGoodPoliciesTest {
    /** The totals GoodPoliciesTest pins for the interpreter over the same runs. */
    static List<Object[]> policies() {
        return GoodPolicies.pinnedInstructions();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void compiledAgreesWithTheJvmAndTheInterpreter(Class<? extends Policy> c, long instructions) throws Exception {
        assertEquals(instructions, DifferentialHarness.policy(c, DifferentialHarness.POLICY_SEEDS,
                DifferentialHarness.POLICY_STEPS, CompiledParticipant.WITH_INTERPRETER),
                c.getSimpleName() + ": instructions over the corpus");
    }
}
