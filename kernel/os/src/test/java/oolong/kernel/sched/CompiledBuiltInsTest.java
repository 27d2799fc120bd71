package oolong.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import oolong.api.sched.Policy;
import oolong.api.sched.jit.ThreeWayDifferential;
import oolong.api.sched.vm.PolicyDifferential;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The five built-in policies' own class files, compiled to x86-64 by oolong.api.sched.jit and
 * run for real on the host, make the same decisions as the same classes on HotSpot and in the
 * interpreter, over the whole differential corpus (kernel/api's {@link ThreeWayDifferential}),
 * at the instruction counts InterpretedBuiltInsTest pins.
 */
class CompiledBuiltInsTest {
    static List<Object[]> builtIns() {
        return InterpretedBuiltInsTest.builtIns();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtIns")
    void compiledAsInterpretedAsOnTheJvm(Class<? extends Policy> c, long instructions) throws Exception {
        assertEquals(instructions, ThreeWayDifferential.agree(c, PolicyDifferential.SEEDS, PolicyDifferential.STEPS),
                c.getSimpleName() + ": instructions over the corpus");
    }
}
