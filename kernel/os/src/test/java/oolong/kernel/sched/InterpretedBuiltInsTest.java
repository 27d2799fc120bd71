package oolong.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import oolong.api.sched.Policy;
import oolong.api.sched.vm.ClassBytes;
import oolong.api.sched.vm.DifferentialHarness;
import oolong.api.sched.vm.PolicyVerifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The five built-in policies' own class files verify and, run by the interpreter, make the same
 * decisions as the compiled built-ins on the same run-queue snapshots (kernel/api's
 * {@link DifferentialHarness}) — what lets SchedIT compare the two in the kernel — at exactly the
 * instruction counts they have always had (budgets are counted in them).
 */
class InterpretedBuiltInsTest {
    static List<Object[]> builtIns() {
        return List.of(
                new Object[] {SeedPolicy.class, 95_914L},
                new Object[] {RoundRobinPolicy.class, 5_545_966L},
                new Object[] {PriorityPolicy.class, 15_858_793L},
                new Object[] {LotteryPolicy.class, 8_932_974L},
                new Object[] {StridePolicy.class, 10_324_729L});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtIns")
    void interpretedAsCompiledAtTheSameCost(Class<? extends Policy> c, long instructions) throws Exception {
        assertEquals(c.getSimpleName(), PolicyVerifier.verify(ClassBytes.of(c)).name());
        assertEquals(instructions, DifferentialHarness.policy(c, DifferentialHarness.POLICY_SEEDS,
                DifferentialHarness.POLICY_STEPS, DifferentialHarness.INTERPRETED), c.getSimpleName() + ": instructions over "
                + DifferentialHarness.POLICY_SEEDS * DifferentialHarness.POLICY_STEPS + " decisions");
    }
}
