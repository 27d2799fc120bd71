package oolong.api.sched.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import oolong.api.probe.FixedMaps;
import oolong.api.sched.vm.ClassBytes;
import oolong.api.sched.vm.ExtensionKind;
import oolong.api.sched.vm.GoodProbes;
import oolong.api.sched.vm.HostileExtensions;
import oolong.api.sched.vm.PolicyInterpreter;
import oolong.api.sched.vm.PolicyVerifier;
import oolong.api.sched.vm.StreamEvent;
import oolong.api.sched.vm.VerifiedPolicy;
import org.junit.jupiter.api.Test;

/**
 * Maps' add, get and put run inline in compiled code (MapsTemplates): a compiled probe that only
 * counts makes no call-out, also once its map is full, and leaves the same maps (sizes, drops,
 * every key and value) as the interpreter. CompiledProbesTest and CompiledHostileExtensionsTest
 * run the whole corpora through the same inline code.
 */
class CompiledInlineMapsTest {
    @Test
    void countingIntoAFullMapMakesNoCallOutAndDropsAsTheInterpreterDoes() {
        same(GoodProbes.CountByPid.class, 3, 200);
    }

    @Test
    void getThenAddOnTwoMapsMakesNoCallOut() {
        same(HostileExtensions.FloodsAMap.class, 5, 100);
    }

    private static void same(Class<?> probe, int capacity, int events) {
        VerifiedPolicy v = PolicyVerifier.verify(ClassBytes.of(probe), ExtensionKind.PROBE);
        CompiledCode code = PolicyCompiler.compile(v);
        HarnessCode harness = new HarnessCode(code);
        CompiledExtension compiled = new CompiledExtension(code, harness);
        PolicyInterpreter interpreted = new PolicyInterpreter(v);
        try {
            FixedMaps mi = new FixedMaps(capacity);
            FixedMaps mc = new FixedMaps(capacity);
            StreamEvent ei = new StreamEvent(7);
            StreamEvent ec = new StreamEvent(7);
            for (int i = 0; i < events; i++) {
                ei.next();
                ec.next();
                interpreted.decide(ei, mi);
                compiled.decide(ec, mc);
            }
            assertEquals(events, harness.exchanges(), "one run per event, no resume after a call-out");
            for (int m = 0; m < FixedMaps.COUNT; m++) {
                assertEquals(mi.size(m), mc.size(m), "size of map " + m);
                assertEquals(mi.drops(m), mc.drops(m), "drops of map " + m);
                for (int s = 0; s < mi.slots(); s++) {
                    assertEquals(mi.holds(m, s), mc.holds(m, s));
                    assertEquals(mi.keyAt(m, s), mc.keyAt(m, s));
                    assertEquals(mi.valueAt(m, s), mc.valueAt(m, s));
                }
            }
            assertEquals(capacity, mc.size(0), "the map filled up");
            assertEquals(true, mc.drops(0) > 0, "and dropped updates of absent keys");
        } finally {
            compiled.release();
        }
    }
}
