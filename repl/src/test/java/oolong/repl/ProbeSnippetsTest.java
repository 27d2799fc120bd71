package oolong.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import oolong.api.sched.vm.ExtensionKind;
import oolong.api.sched.vm.PolicyRejected;
import oolong.api.sched.vm.PolicyVerifier;
import oolong.repl.shell.JShellSession;
import oolong.repl.snippet.ClassCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Probes and patches typed into a session started as the REPL starts one (its default imports):
 * they compile without an import, their captured class files verify as what they are, and a
 * rejection names the line the user typed.
 */
class ProbeSnippetsTest {
    static JShellSession session;

    @BeforeAll
    static void start() {
        session = new JShellSession(Main.STARTUP.stream().filter(s -> s.startsWith("import")).toList());
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    static String captured(String simpleName) {
        return ClassCapture.names().stream().filter(n -> n.endsWith("$" + simpleName)).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void probesAndPatchesCompileWithTheDefaultImportsAndVerify() {
        var p = session.eval("class Getpids implements Probe {\n"
                + "    public void fire(Event e, Maps m) {\n"
                + "        if (e.arg(0) == Syscall.GETPID) m.add(0, e.pid(), 1);\n"
                + "    }\n"
                + "}");
        assertEquals(JShellSession.Outcome.Kind.DECLARED, p.get(0).kind(), p.toString());
        assertEquals(ExtensionKind.PROBE, PolicyVerifier.verify(ClassCapture.bytesOf(captured("Getpids")), ExtensionKind.PROBE).kind());
        var q = session.eval("class NoGetpid implements Patch {\n"
                + "    public long decide(Event e, Maps m) {\n"
                + "        return e.pid() == 7 && e.arg(0) == Syscall.GETPID ? -Errno.ENOSYS : PASS;\n"
                + "    }\n"
                + "}");
        assertEquals(JShellSession.Outcome.Kind.DECLARED, q.get(0).kind(), q.toString());
        PolicyVerifier.verify(ClassCapture.bytesOf(captured("NoGetpid")), ExtensionKind.PATCH);
    }

    @Test
    void aRejectionNamesTheSnippetLine() {
        session.eval("class Timed implements Probe {\n"
                + "    public void fire(Event e, Maps m) {\n"
                + "        m.add(0, e.pid(), 1);\n"
                + "        m.put(1, 0, System.nanoTime());\n"
                + "    }\n"
                + "}");
        String timed = captured("Timed");
        PolicyRejected r = assertThrows(PolicyRejected.class,
                () -> PolicyVerifier.verify(ClassCapture.bytesOf(timed), ExtensionKind.PROBE));
        String explained = ClassCapture.explain(timed, r.getMessage());
        assertTrue(explained.startsWith("Timed.fire line 4 of Timed [m.put(1, 0, System.nanoTime());]"), explained);
    }
}
