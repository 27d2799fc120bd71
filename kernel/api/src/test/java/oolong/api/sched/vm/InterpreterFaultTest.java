package oolong.api.sched.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import oolong.api.sched.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The interpreter's own faults, one test per hostile policy: the exact message the kernel reports
 * (method, the source line marked "faults here" in {@link HostilePolicies}, bytecode offset, what
 * went wrong) and how many instructions the decision had run. The scheduler's fallback on these
 * faults is tested in kernel/os.
 */
class InterpreterFaultTest {

    /** The line of `policy` marked "faults here" in HostilePolicies.java. */
    static int markedLine(String policy) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("src/test/java/oolong/api/sched/vm/HostilePolicies.java"));
        boolean inside = false;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.contains("class " + policy + " ")) {
                inside = true;
            } else if (inside && l.contains("// faults here")) {
                return i + 1;
            }
        }
        throw new IllegalStateException("no line marked 'faults here' in " + policy);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            EndlessLoop     | pick | 2  | used up its budget of 10000 instructions in one decision (an endless loop?) | 10001
            DeepRecursion   | down | 0  | recursed deeper than 64 calls                                              | 254
            BadScratchSlot  | pick | 5  | passed a bad argument to q.setScratch: slot 99                             | 5
            BadProcessIndex | pick | 9  | passed a bad argument to q.pid: process index 6 of 3                       | 6
            DividesByZero   | pick | 14 | divides by zero                                                            | 7
            """)
    void faultsNameTheMethodLineAndBytecode(String policy, String method, int bytecode, String what, long instructions)
            throws Exception {
        @SuppressWarnings("unchecked")
        Class<? extends Policy> c = (Class<? extends Policy>) Class.forName(HostilePolicies.class.getName() + "$" + policy);
        PolicyInterpreter p = new PolicyInterpreter(PolicyVerifier.verify(ClassBytes.of(c)));
        SnapshotQueue q = new SnapshotQueue(1, 3);
        q.beginDecision();
        PolicyFault f = assertThrows(PolicyFault.class, () -> p.pick(q));
        assertEquals(policy + "." + method + " line " + markedLine(policy) + " (bytecode " + bytecode + ") " + what, f.getMessage());
        assertEquals(instructions, p.lastInstructions(), "instructions counted up to the fault");
    }

    @Test
    void policiesTheSchedulerMustCatchRunCleanlyInTheInterpreter() {
        for (Class<? extends Policy> c : List.of(HostilePolicies.ReturnsOutOfRange.class, HostilePolicies.Starves.class)) {
            PolicyInterpreter p = new PolicyInterpreter(PolicyVerifier.verify(ClassBytes.of(c)));
            SnapshotQueue q = new SnapshotQueue(1, 3);
            q.beginDecision();
            assertEquals(c == HostilePolicies.Starves.class ? 0 : 3, p.pick(q), c.getSimpleName());
        }
    }

    @Test
    void theBudgetIsAdjustableToTheInstruction() {
        PolicyInterpreter p = new PolicyInterpreter(PolicyVerifier.verify(ClassBytes.of(GoodPolicies.Fair.class)));
        SnapshotQueue q = new SnapshotQueue(3, 64);
        q.beginDecision();
        p.pick(q);
        long used = p.lastInstructions();
        assertTrue(used > 64, "a 64-process scan takes more than 64 instructions: " + used);
        p.setBudget(used - 1);
        assertThrows(PolicyFault.class, () -> p.pick(q));
        p.setBudget(used);
        p.pick(q);
        assertEquals(used, p.lastInstructions());
    }

    @Test
    void aBudgetBelowOneIsOne() {
        PolicyInterpreter p = new PolicyInterpreter(PolicyVerifier.verify(ClassBytes.of(HostilePolicies.Starves.class)));
        p.setBudget(-5);
        assertEquals(1, p.budget());
        PolicyFault f = assertThrows(PolicyFault.class, () -> p.pick(new SnapshotQueue(1, 3)));
        assertTrue(f.getMessage().contains("(bytecode 1) used up its budget of 1 instructions"), f.getMessage());
    }
}
