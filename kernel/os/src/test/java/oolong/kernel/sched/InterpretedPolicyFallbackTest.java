package oolong.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import oolong.api.sched.vm.ClassBytes;
import oolong.api.sched.vm.HostileCorpus;
import oolong.api.sched.vm.PolicyInterpreter;
import oolong.api.sched.vm.PolicyVerifier;
import oolong.api.sched.vm.VerifiedPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile corpus, run-time half: each policy that verifies but misbehaves (kernel/api's
 * {@link HostileCorpus#ABORTED}) is installed in the real {@link Scheduler} over three processes,
 * thrown out for the right reason within 300 ticks, and the previous policy (round robin) takes
 * over at once, so every process keeps running. One test per policy, so a failure names it.
 */
class InterpretedPolicyFallbackTest {
    static List<HostileCorpus.Aborted> aborted() {
        return HostileCorpus.ABORTED;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aborted")
    void faultFallsBackAndSchedulingGoesOn(HostileCorpus.Aborted c) {
        VerifiedPolicy v = PolicyVerifier.verify(ClassBytes.of(c.policy()));
        List<SchedEntity> entities = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            entities.add(new SchedEntity(i + 2, 0));
        }
        List<String> changes = new ArrayList<>();
        Scheduler s = new Scheduler(out -> {
            for (int i = 0; i < entities.size(); i++) {
                out[i] = entities.get(i);
            }
            return entities.size();
        }, new RoundRobinPolicy(), "round-robin");
        s.setListener((from, to, why) -> changes.add(from + " -> " + to + ": " + why));
        long[] tick = {0};
        s.setClock(() -> tick[0] * 10_000_000L);
        s.setWatchdogNanos(500_000_000L);
        s.use(new PolicyInterpreter(v), v.name());
        SchedEntity last = null;
        long[] runs = new long[3];
        for (long t = 0; t < 300; t++) {
            tick[0] = t;
            s.tick(t);
            last = s.pick(last);
            assertNotNull(last);
            runs[entities.indexOf(last)]++;
        }
        assertEquals("round-robin", s.policyName());
        assertEquals(1, s.fallbacks());
        assertEquals(List.of("round-robin -> " + v.name() + ": installed"), changes.subList(0, 1));
        assertEquals(2, changes.size(), "installed, then one fallback: " + changes);
        String change = changes.get(1);
        assertTrue(change.startsWith(v.name() + " -> round-robin: ") && change.contains(c.reason()), change);
        for (long r : runs) {
            assertTrue(r > 50, "a process left unscheduled: " + Arrays.toString(runs));
        }
    }
}
