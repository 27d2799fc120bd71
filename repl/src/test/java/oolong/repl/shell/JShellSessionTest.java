package oolong.repl.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import oolong.repl.snippet.ClassCapture;

public class JShellSessionTest {
    static JShellSession session;

    /** Snippets share this JVM: they can read and write the REPL's own static state. */
    public static volatile int shared = 41;

    @BeforeAll
    static void start() {
        session = new JShellSession(List.of("import java.util.*;"));
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    @Test
    void evaluatesExpressionsAndDeclarations() {
        List<JShellSession.Outcome> r = session.eval("int x = 6 * 7;\nx + 1");
        assertEquals(2, r.size());
        assertEquals("42", r.get(0).value());
        assertEquals("43", r.get(1).value());
        assertEquals(JShellSession.Outcome.Kind.DECLARED, session.eval("class Greeter { String hi() { return \"hi\"; } }").get(0).kind());
        assertEquals("\"hi\"", session.eval("new Greeter().hi()").get(0).value());
    }

    @Test
    void snippetsRunInThisJvm() {
        assertEquals("42", session.eval("oolong.repl.shell.JShellSessionTest.shared += 1").get(0).value());
        assertEquals(42, shared);
    }

    @Test
    void compileErrorsAreRejectedWithTheirMessageAndLine() {
        JShellSession.Outcome o = session.eval("int y = \"text\";").get(0);
        assertEquals(JShellSession.Outcome.Kind.REJECTED, o.kind());
        assertTrue(o.message().contains("line 1") && o.message().contains("incompatible types"), o.message());
    }

    @Test
    void aValueWhoseToStringThrowsIsAClearError() {
        session.eval("class Broken { public String toString() { throw new IllegalStateException(\"no text\"); } }");
        JShellSession.Outcome o = session.eval("new Broken()").get(0);
        assertEquals(JShellSession.Outcome.Kind.EXCEPTION, o.kind(), String.valueOf(o));
        assertEquals("the value's toString() failed: java.lang.IllegalStateException: no text", o.message());
        assertTrue(session.eval("var b = new Broken();").get(0).failed(), "a variable's value too");
        assertEquals("42", session.eval("6 * 7").get(0).value(), "the session goes on");
    }

    /** Ctrl-C's stop ends a running snippet (the snippet runs on JShell's own thread, which stop ends). */
    @Test
    void stopEndsARunningSnippet() throws Exception {
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                return;
            }
            session.stop();
        });
        stopper.start();
        long t0 = System.nanoTime();
        session.eval("Thread.sleep(60_000);");
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        stopper.join();
        assertTrue(seconds < 30, "stopped after " + seconds + " s, not at the sleep's end");
        assertEquals("42", session.eval("6 * 7").get(0).value(), "the session goes on");
    }

    @Test
    void exceptionsAreReportedWithTheirClass() {
        JShellSession.Outcome o = session.eval("Integer.parseInt(\"x\")").get(0);
        assertEquals(JShellSession.Outcome.Kind.EXCEPTION, o.kind());
        assertTrue(o.message().startsWith("java.lang.NumberFormatException"), o.message());
    }

    @Test
    void classesTypedInTheReplCanBeReadBack() {
        session.eval("class Policy1 { int pick() { return 3; } }");
        /* the facade gets the Class object itself; JShell's displayed names hide the wrapper class */
        assertEquals("\"cafebabe\"", session.eval(
                "String.format(\"%08x\", java.nio.ByteBuffer.wrap(oolong.repl.snippet.ClassCapture.bytesOf(Policy1.class)).getInt())")
                .get(0).value());
        assertEquals("null", session.eval("oolong.repl.snippet.ClassCapture.bytesOf(String.class)").get(0).value());
    }

    @Test
    void multiLineSnippetsAndIncompleteInput() {
        assertEquals("6", session.eval("int sum(int a,\n        int b) {\n  return a + b;\n}\nsum(2, 4)").get(1).value());
        assertEquals(JShellSession.Outcome.Kind.REJECTED, session.eval("int broken(").get(0).kind());
    }

    @Test
    void policyClassesTypedInTheReplAreCapturedVerifiedAndExplainedInTheirOwnLines() {
        session.eval("import oolong.api.sched.*;");
        var good = session.eval("class Fair implements Policy {\n"
                + "    public int pick(RunQueue q) {\n"
                + "        int best = 0;\n"
                + "        for (int i = 1; i < q.size(); i++) {\n"
                + "            if (q.cpuMicros(i) < q.cpuMicros(best)) best = i;\n"
                + "        }\n"
                + "        return best;\n"
                + "    }\n"
                + "}");
        assertEquals(JShellSession.Outcome.Kind.DECLARED, good.get(0).kind(), good.toString());
        String fair = ClassCapture.names().stream().filter(n -> n.endsWith("$Fair")).findFirst().orElseThrow();
        assertEquals("Fair", oolong.api.sched.vm.PolicyVerifier.verify(ClassCapture.bytesOf(fair)).name());

        session.eval("class Clocked implements Policy {\n"
                + "    public int pick(RunQueue q) {\n"
                + "        int n = q.size();\n"
                + "        return (int) (System.nanoTime() % n);\n"
                + "    }\n"
                + "}");
        String clocked = ClassCapture.names().stream().filter(n -> n.endsWith("$Clocked")).findFirst().orElseThrow();
        var rejected = org.junit.jupiter.api.Assertions.assertThrows(oolong.api.sched.vm.PolicyRejected.class,
                () -> oolong.api.sched.vm.PolicyVerifier.verify(ClassCapture.bytesOf(clocked)));
        String explained = ClassCapture.explain(clocked, rejected.getMessage());
        assertTrue(explained.startsWith("Clocked.pick line 4 of Clocked [return (int) (System.nanoTime() % n);]"), explained);
    }
}
