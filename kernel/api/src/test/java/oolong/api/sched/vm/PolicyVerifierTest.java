package oolong.api.sched.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import oolong.api.sched.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile corpus, verifier side: every class file in {@link HostileCorpus#refused()} is refused
 * with a reason that names the problem, and the corpus has exactly the size docs/scheduler.md
 * states. (The run-time half is {@link InterpreterFaultTest} here and the scheduler's fallback
 * test in kernel/os.)
 */
class PolicyVerifierTest {

    static List<HostileCorpus.Refused> refused() {
        return HostileCorpus.refused();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedWithAReason(HostileCorpus.Refused c) {
        PolicyRejected r = assertThrows(PolicyRejected.class, () -> PolicyVerifier.verify(c.classFile()));
        assertTrue(r.getMessage().contains(c.reason()), c.name() + ": " + r.getMessage());
    }

    @Test
    void reasonsPointAtTheSourceLine() {
        PolicyRejected r = assertThrows(PolicyRejected.class,
                () -> PolicyVerifier.verify(ClassBytes.of(HostilePolicies.CallsSystem.class)));
        assertTrue(r.getMessage().matches("CallsSystem\\.pick line \\d+ \\(bytecode \\d+\\): calls java\\.lang\\.System\\.nanoTime; .*"), r.getMessage());
    }

    /** The numbers docs/scheduler.md gives: pinned here, and read from the page so that the two cannot drift. */
    @Test
    void theCorpusHasTheSizeTheDocsState() throws Exception {
        assertEquals(36, HostileCorpus.refused().size(), "class files refused");
        assertEquals(7, HostileCorpus.ABORTED.size(), "policies aborted at run time");
        String docs = Files.readString(Path.of("../../docs/scheduler.md")).replaceAll("\\s+", " ");
        Matcher m = Pattern.compile("the hostile corpus — (\\d+) cases: (\\d+) class files refused with their reason, and (\\d+)"
                + " policies that verify but are aborted at run time").matcher(docs);
        assertTrue(m.find(), "docs/scheduler.md no longer states the corpus's size");
        assertEquals(43, Integer.parseInt(m.group(1)), "cases in docs/scheduler.md");
        assertEquals(36, Integer.parseInt(m.group(2)), "refused class files in docs/scheduler.md");
        assertEquals(7, Integer.parseInt(m.group(3)), "aborted policies in docs/scheduler.md");
    }

    @Test
    void goodPoliciesVerifyUnderTheirOwnNames() {
        for (Class<? extends Policy> c : GoodPoliciesTest.POLICIES) {
            VerifiedPolicy v = PolicyVerifier.verify(ClassBytes.of(c));
            assertEquals(c.getSimpleName(), v.name());
        }
    }

    @Test
    void displayNamesDropJShellWrappers() {
        assertEquals("Fair", PolicyVerifier.displayName("REPL/$JShell$12$Fair"));
        assertEquals("StridePolicy", PolicyVerifier.displayName("oolong/kernel/sched/StridePolicy"));
    }
}
