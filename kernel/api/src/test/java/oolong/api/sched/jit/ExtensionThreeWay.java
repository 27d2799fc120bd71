package oolong.api.sched.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import oolong.api.probe.Event;
import oolong.api.probe.FixedMaps;
import oolong.api.probe.Maps;
import oolong.api.probe.Patch;
import oolong.api.probe.Probe;
import oolong.api.sched.vm.ClassBytes;
import oolong.api.sched.vm.ExtensionKind;
import oolong.api.sched.vm.PolicyInterpreter;
import oolong.api.sched.vm.PolicyVerifier;
import oolong.api.sched.vm.ReferenceMaps;
import oolong.api.sched.vm.StreamEvent;
import oolong.api.sched.vm.VerifiedPolicy;

/**
 * A probe or a patch three ways over the probe corpus's event streams (the streams of
 * oolong.api.sched.vm.ExtensionDifferential): HotSpot against the JDK's maps, the interpreter and
 * the compiled code each against the kernel's FixedMaps. After every event the decisions and the
 * instruction counts of the interpreter and the compiled code agree; after every stream, every
 * map and every drop count of all three. Public for kernel/os's tests.
 */
public final class ExtensionThreeWay {
    private ExtensionThreeWay() {
    }

    /** Runs `seeds` streams of `events` with maps of `capacity` keys; returns the instructions counted in all. */
    public static long agree(Class<?> c, int capacity, int seeds, int events) throws Exception {
        ExtensionKind kind = Probe.class.isAssignableFrom(c) ? ExtensionKind.PROBE : ExtensionKind.PATCH;
        VerifiedPolicy verified = PolicyVerifier.verify(ClassBytes.of(c), kind);
        CompiledExtension compiled = HarnessCode.extension(verified);
        long instructions = 0;
        try {
            compiled.setBudget(100_000);
            for (int seed = 1; seed <= seeds; seed++) {
                Object jvm = c.getDeclaredConstructor().newInstance();
                PolicyInterpreter vm = new PolicyInterpreter(verified);
                vm.setBudget(100_000);
                ReferenceMaps expected = new ReferenceMaps(capacity);
                FixedMaps interpreted = new FixedMaps(capacity);
                FixedMaps native_ = new FixedMaps(capacity);
                StreamEvent a = new StreamEvent(seed);
                StreamEvent b = new StreamEvent(seed);
                StreamEvent n = new StreamEvent(seed);
                for (int i = 0; i < events; i++) {
                    a.next();
                    b.next();
                    n.next();
                    String where = c.getSimpleName() + " seed " + seed + " event " + i;
                    long x = run(jvm, a, expected);
                    long y = vm.decide(b, interpreted);
                    long z = compiled.decide(n, native_);
                    assertEquals(x, y, where + ": interpreted decision");
                    assertEquals(x, z, where + ": compiled decision");
                    assertEquals(vm.lastInstructions(), compiled.lastInstructions(), where + ": instructions");
                    instructions += compiled.lastInstructions();
                }
                for (int m = 0; m < Maps.COUNT; m++) {
                    String where = c.getSimpleName() + " seed " + seed + " map " + m;
                    assertEquals(expected.contents(m), ReferenceMaps.contents(interpreted, m), where + " interpreted");
                    assertEquals(expected.contents(m), ReferenceMaps.contents(native_, m), where + " compiled");
                    assertEquals(expected.drops(m), interpreted.drops(m), where + " drops interpreted");
                    assertEquals(expected.drops(m), native_.drops(m), where + " drops compiled");
                }
            }
        } finally {
            compiled.release();
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
