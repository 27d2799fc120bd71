package oolong.api.sched.vm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The good probes and patches mean the same on the JVM and in the interpreter (DifferentialHarness). */
class ExtensionDifferentialTest {
    static Class<?>[] extensions() {
        return GoodProbes.all();
    }

    @ParameterizedTest
    @MethodSource("extensions")
    void roomyMapsAgree(Class<?> c) throws Exception {
        assertTrue(DifferentialHarness.extension(c, 4096, DifferentialHarness.EXTENSION_SEEDS,
                DifferentialHarness.EXTENSION_EVENTS, DifferentialHarness.INTERPRETED) > 0);
    }

    /** With 5 keys per map most streams overflow: drops must be counted the same way too. */
    @ParameterizedTest
    @MethodSource("extensions")
    void fullMapsDropAlike(Class<?> c) throws Exception {
        assertTrue(DifferentialHarness.extension(c, 5, DifferentialHarness.EXTENSION_SEEDS,
                DifferentialHarness.EXTENSION_EVENTS, DifferentialHarness.INTERPRETED) > 0);
    }
}
