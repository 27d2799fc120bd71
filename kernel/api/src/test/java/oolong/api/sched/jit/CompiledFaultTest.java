package oolong.api.sched.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import oolong.api.sched.Policy;
import oolong.api.sched.vm.ClassBytes;
import oolong.api.sched.vm.HostileCorpus;
import oolong.api.sched.vm.PolicyFault;
import oolong.api.sched.vm.PolicyInterpreter;
import oolong.api.sched.vm.PolicyVerifier;
import oolong.api.sched.vm.SnapshotQueue;
import oolong.api.sched.vm.VerifiedPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile corpus compiled: every policy that verifies but is aborted at run time does the same
 * compiled as interpreted — the same fault with the same message (method, line, bytecode offset,
 * reason) after the same number of instructions, or, for the two the scheduler itself must catch
 * (an answer out of range, starvation), the same answer.
 */
class CompiledFaultTest {
    static java.util.List<HostileCorpus.Aborted> aborted() {
        return HostileCorpus.ABORTED;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aborted")
    void abortsAsTheInterpreterDoes(HostileCorpus.Aborted c) {
        Class<? extends Policy> cls = c.policy();
        VerifiedPolicy v = PolicyVerifier.verify(ClassBytes.of(cls));
        for (long budget : new long[] {10_000, 777, 100}) {
            PolicyInterpreter interpreted = new PolicyInterpreter(v);
            interpreted.setBudget(budget);
            CompiledPolicy compiled = HarnessCode.policy(v);
            compiled.setBudget(budget);
            try {
                SnapshotQueue qi = new SnapshotQueue(1, 3);
                SnapshotQueue qc = new SnapshotQueue(1, 3);
                qi.beginDecision();
                qc.beginDecision();
                String expected;
                try {
                    expected = "returned " + interpreted.pick(qi);
                } catch (PolicyFault f) {
                    expected = f.getMessage();
                }
                String actual;
                try {
                    actual = "returned " + compiled.pick(qc);
                } catch (PolicyFault f) {
                    actual = f.getMessage();
                }
                String where = cls.getSimpleName() + " at a budget of " + budget;
                assertEquals(expected, actual, where);
                assertEquals(interpreted.lastInstructions(), compiled.lastInstructions(), where + ": instructions");
                assertEquals(qi.state(), qc.state(), where + ": queue state");
            } finally {
                compiled.release();
            }
        }
    }
}
