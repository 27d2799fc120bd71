package oolong.api.sched.jit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import oolong.api.sched.vm.DifferentialHarness;
import oolong.api.sched.vm.GoodProbes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The probe corpus (GoodProbes: every event and maps method, loops, a switch, long arithmetic, an
 * own method, patches deciding) agrees three ways — HotSpot, interpreted, compiled machine code
 * ({@link DifferentialHarness} with {@link CompiledParticipant#WITH_INTERPRETER}) — on every decision, map value, drop count and instruction count.
 */
class CompiledProbesTest {
    static Class<?>[] extensions() {
        return GoodProbes.all();
    }

    @ParameterizedTest
    @MethodSource("extensions")
    void roomyMapsAgree(Class<?> c) throws Exception {
        assertTrue(DifferentialHarness.extension(c, 4096, DifferentialHarness.EXTENSION_SEEDS,
                DifferentialHarness.EXTENSION_EVENTS, CompiledParticipant.WITH_INTERPRETER) > 0);
    }

    /** With 5 keys per map most streams overflow: drops are counted the same compiled too. */
    @ParameterizedTest
    @MethodSource("extensions")
    void fullMapsDropAlike(Class<?> c) throws Exception {
        assertTrue(DifferentialHarness.extension(c, 5, 4, DifferentialHarness.EXTENSION_EVENTS,
                CompiledParticipant.WITH_INTERPRETER) > 0);
    }
}
