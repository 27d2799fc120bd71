package oolong.api.sched.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import oolong.api.probe.Event;
import oolong.api.probe.FixedMaps;
import oolong.api.probe.Maps;
import oolong.api.probe.Patch;
import oolong.api.probe.Probe;

/**
 * The JVM runs a probe or patch against the JDK's maps ({@link ReferenceMaps}); the interpreter
 * runs the verified class file against the kernel's {@link FixedMaps}; over the same event
 * streams, every patch decision, every map and every drop count must agree. Public for kernel/os.
 */
public final class ExtensionDifferential {
    public static final int SEEDS = 20;
    public static final int EVENTS = 2000;

    private ExtensionDifferential() {
    }

    /** Runs the comparison with maps of `capacity` keys; returns the interpreter's instructions in all. */
    public static long agree(Class<?> c, int capacity) throws Exception {
        ExtensionKind kind = Probe.class.isAssignableFrom(c) ? ExtensionKind.PROBE : ExtensionKind.PATCH;
        VerifiedPolicy verified = PolicyVerifier.verify(ClassBytes.of(c), kind);
        assertEquals(kind, verified.kind());
        long instructions = 0;
        for (int seed = 1; seed <= SEEDS; seed++) {
            Object jvm = c.getDeclaredConstructor().newInstance();
            PolicyInterpreter vm = new PolicyInterpreter(verified);
            vm.setBudget(100_000);
            ReferenceMaps expected = new ReferenceMaps(capacity);
            FixedMaps actual = new FixedMaps(capacity);
            StreamEvent a = new StreamEvent(seed);
            StreamEvent b = new StreamEvent(seed);
            for (int i = 0; i < EVENTS; i++) {
                a.next();
                b.next();
                String where = c.getSimpleName() + " seed " + seed + " event " + i;
                long x = run(jvm, a, expected);
                long y = vm.decide(b, actual);
                assertEquals(x, y, where + ": decision");
                instructions += vm.lastInstructions();
            }
            for (int m = 0; m < Maps.COUNT; m++) {
                String where = c.getSimpleName() + " seed " + seed + " map " + m;
                assertEquals(expected.contents(m), ReferenceMaps.contents(actual, m), where);
                assertEquals(expected.drops(m), actual.drops(m), where + " drops");
            }
        }
        return instructions;
    }

    private static long run(Object ext, Event e, Maps m) {
        if (ext instanceof Probe p) {
            p.fire(e, m);
            return Patch.PASS;
        }
        return ((Patch) ext).decide(e, m);
    }
}
