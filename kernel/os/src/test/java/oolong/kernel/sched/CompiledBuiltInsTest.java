package oolong.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import oolong.api.sched.Policy;
import oolong.api.sched.jit.CompiledParticipant;
import oolong.api.sched.vm.DifferentialHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The five built-in policies' own class files, compiled to x86-64 by oolong.api.sched.jit and
 * run for real on the host, make the same decisions as the same classes on HotSpot and in the
 * interpreter, over the whole differential corpus (kernel/api's {@link DifferentialHarness} with
 * {@link CompiledParticipant#WITH_INTERPRETER}),
 * at the instruction counts InterpretedBuiltInsTest pins.
 */
class CompiledBuiltInsTest {
    static List<Object[]> builtIns() {
        return InterpretedBuiltInsTest.builtIns();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtIns")
    void compiledAsInterpretedAsOnTheJvm(Class<? extends Policy> c, long instructions) throws Exception {
        assertEquals(instructions, DifferentialHarness.policy(c, DifferentialHarness.POLICY_SEEDS,
                DifferentialHarness.POLICY_STEPS, CompiledParticipant.WITH_INTERPRETER),
                c.getSimpleName() + ": instructions over the corpus");
    }
}
