package oolong.api.sched.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import oolong.api.probe.Event;
import oolong.api.probe.Maps;
import oolong.api.sched.RunQueue;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The harness every differential test uses can fail: participants that differ from HotSpot in one
 * way each — a choice, the queue's state, a count, a decision, a map — are caught at the run where
 * they differ and named; one that agrees passes; and every participant is closed however the
 * comparison ends.
 */
class DifferentialHarnessTest {
    /** The interpreter, changed by `lie` from the `at`th run of a seed on (counted per seed). */
    static final class Liar implements Participant {
        final InterpretedParticipant honest;
        final int at;
        final Lie lie;
        int runs;
        boolean closed;

        interface Lie {
            long apply(long answer, RunQueue q, Maps m);
        }

        Liar(VerifiedPolicy v, long budget, int at, Lie lie) {
            honest = new InterpretedParticipant(v, budget);
            this.at = at;
            this.lie = lie;
        }

        @Override
        public String name() {
            return "liar";
        }

        @Override
        public void startSeed() {
            honest.startSeed();
            runs = 0;
        }

        @Override
        public int pick(RunQueue q) {
            int y = honest.pick(q);
            return runs++ == at ? (int) lie.apply(y, q, null) : y;
        }

        @Override
        public long decide(Event e, Maps m) {
            long y = honest.decide(e, m);
            return runs++ == at ? lie.apply(y, null, m) : y;
        }

        @Override
        public long lastInstructions() {
            return honest.lastInstructions() + (lie == COUNTS_ONE_MORE && runs > at ? 1 : 0);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static final Liar.Lie COUNTS_ONE_MORE = (y, q, m) -> y;

    final List<Liar> opened = new ArrayList<>();

    List<Participant.Factory> interpreterAnd(int at, Liar.Lie lie) {
        return List.of(InterpretedParticipant::new, (v, budget) -> {
            Liar l = new Liar(v, budget, at, lie);
            opened.add(l);
            return l;
        });
    }

    static String failure(Executable e) {
        return assertThrows(AssertionFailedError.class, e::run).getMessage();
    }

    interface Executable {
        void run() throws Exception;
    }

    @Test
    void participantsThatAgreePassAndCountAlike() throws Exception {
        long alone = DifferentialHarness.policy(GoodPolicies.Fair.class, 3, 50, DifferentialHarness.INTERPRETED);
        assertTrue(alone > 0);
        assertEquals(alone, DifferentialHarness.policy(GoodPolicies.Fair.class, 3, 50, interpreterAnd(Integer.MAX_VALUE, null)),
                "a second agreeing participant changes nothing");
        assertTrue(opened.get(0).closed);
    }

    @Test
    void aDifferentChoiceIsCaughtWhereItHappens() {
        String m = failure(() -> DifferentialHarness.policy(GoodPolicies.Fair.class, 3, 50,
                interpreterAnd(7, (y, q, maps) -> (y + 1) % q.size() == y ? -1 : (y + 1) % q.size())));
        assertTrue(m.startsWith("Fair seed 1 step 7: liar choice"), m);
        assertTrue(opened.get(0).closed, "closed after a failure too");
    }

    @Test
    void aDifferentQueueStateIsCaughtWithTheSameChoice() {
        String m = failure(() -> DifferentialHarness.policy(GoodPolicies.Fair.class, 3, 50, interpreterAnd(4, (y, q, maps) -> {
            q.setGlobal(3, q.global(3) + 1);
            return y;
        })));
        assertTrue(m.startsWith("Fair seed 1 step 4: queue state after the liar decision"), m);
    }

    @Test
    void aDifferentInstructionCountIsCaught() {
        String m = failure(() -> DifferentialHarness.policy(GoodPolicies.Fair.class, 3, 50, interpreterAnd(2, COUNTS_ONE_MORE)));
        assertTrue(m.startsWith("Fair seed 1 step 2: instructions, liar against interpreted"), m);
    }

    @Test
    void aDifferentPatchDecisionIsCaught() {
        String m = failure(() -> DifferentialHarness.extension(GoodProbes.NoGetpidForOdd.class, 4096, 2, 100,
                interpreterAnd(30, (y, q, maps) -> y + 1)));
        assertTrue(m.startsWith("NoGetpidForOdd seed 1 event 30: liar decision"), m);
    }

    /** A probe that agrees on every decision (PASS) but writes its maps differently: caught after the stream. */
    @Test
    void aDifferentMapIsCaughtAfterTheStream() {
        String m = failure(() -> DifferentialHarness.extension(GoodProbes.CountByPid.class, 4096, 2, 100,
                interpreterAnd(10, (y, q, maps) -> {
                    maps.add(2, 12345, 1);
                    return y;
                })));
        assertTrue(m.startsWith("CountByPid seed 1 map 2 liar"), m);
    }

    @Test
    void nothingToCompareIsAnError() {
        failure(() -> DifferentialHarness.policy(GoodPolicies.Fair.class, 1, 1, List.of()));
        failure(() -> DifferentialHarness.extension(GoodProbes.CountByPid.class, 16, 1, 1, List.of()));
    }
}
