package oolong.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import oolong.qmp.VmConfig;
import oolong.repl.api.Checks;
import oolong.repl.api.Kernel;
import oolong.repl.api.Machine;
import oolong.repl.api.Oolong;
import oolong.repl.api.SnippetContext;
import oolong.repl.session.Session;
import oolong.repl.shell.BatchRunner;
import oolong.repl.shell.JShellSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * k, vm and the failed checks are each session's own: two sessions in one JVM, each with the REPL's
 * start-up snippets, see their own objects and fail their own scripts. No machine is started: the
 * kernels' agent lookups fail with a message naming their session.
 */
@Timeout(120)
class SnippetContextTest {
    Session sessionA;
    Session sessionB;
    SnippetContext a;
    SnippetContext b;
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    static SnippetContext context(Session session, String name) {
        Checks checks = new Checks();
        Machine vm = new Machine(session, Path.of("no-images-here"));
        Kernel k = new Kernel(() -> {
            throw new IllegalStateException("session " + name + "'s kernel");
        }, vm, checks);
        return new SnippetContext(k, vm, checks);
    }

    @BeforeEach
    void sessions() throws Exception {
        sessionA = new Session(new VmConfig(), null);
        sessionB = new Session(new VmConfig(), null);
        a = context(sessionA, "A");
        b = context(sessionB, "B");
    }

    @AfterEach
    void close() {
        sessionA.close();
        sessionB.close();
    }

    static String value(JShellSession s, String snippet) {
        List<JShellSession.Outcome> o = s.eval(snippet);
        assertEquals(JShellSession.Outcome.Kind.VALUE, o.get(o.size() - 1).kind(), o.toString());
        return o.get(o.size() - 1).value();
    }

    @Test
    void theStartUpBindsEachSessionsOwnKAndVm() {
        try (JShellSession one = new JShellSession(Main.STARTUP, a); JShellSession two = new JShellSession(Main.STARTUP, b)) {
            assertEquals("\"kernel (session A's kernel)\"", value(one, "k.toString()"));
            assertEquals("\"kernel (session B's kernel)\"", value(two, "k.toString()"));
            assertEquals("true", value(one, "vm == Oolong.machine() && k == Oolong.kernel()"));
            assertEquals("\"kernel (session B's kernel)\"",
                    value(two, "java.util.concurrent.CompletableFuture.supplyAsync(() -> Oolong.kernel().toString()).join()"),
                    "a pool thread running a snippet's lambda finds the snippet's session");
        }
    }

    @Test
    void aSessionsFailedChecksAreItsOwnAndEndItsScriptWithTwo() {
        try (JShellSession one = new JShellSession(Main.STARTUP, a); JShellSession two = new JShellSession(Main.STARTUP, b)) {
            int status = new BatchRunner(one, out, a.checks()::failures).run("int x = 1;\nOolong.expect(x + 1 == 3, \"arithmetic\");\n",
                    "a.jsh");
            assertEquals(BatchRunner.CHECK_FAILED, status, bytes.toString(StandardCharsets.UTF_8));
            assertEquals(1, a.checks().failures());
            assertEquals(0, b.checks().failures());
            int other = new BatchRunner(two, out, b.checks()::failures).run(
                    "java.util.concurrent.CompletableFuture.runAsync(() -> Oolong.checkFailed()).join();\n", "b.jsh");
            assertEquals(BatchRunner.CHECK_FAILED, other, "a check failed on another thread counts for the snippet's session");
            assertEquals(1, b.checks().failures());
            assertEquals(1, a.checks().failures());
            assertEquals("1", value(two, "Oolong.failedChecks()"));
            assertEquals(BatchRunner.OK, new BatchRunner(one, out, a.checks()::failures).run("Oolong.expect(true, \"fine\");\n",
                    "c.jsh"));
        }
    }

    @Test
    void outsideASnippetTheHelpersSaySo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, Oolong::kernel);
        assertTrue(e.getMessage().startsWith("no REPL session here"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Oolong.expect(false, "x"));
        try (JShellSession unbound = new JShellSession(List.of("import oolong.repl.api.*;"))) {
            List<JShellSession.Outcome> o = unbound.eval("Oolong.kernel()");
            assertEquals(JShellSession.Outcome.Kind.EXCEPTION, o.get(0).kind());
            assertTrue(o.get(0).message().contains("no REPL session here"), o.get(0).message());
        }
    }

    @Test
    void aClosedSessionsSnippetsAreUnbound() {
        JShellSession one = new JShellSession(Main.STARTUP, a);
        one.close();
        /* nothing of the closed session is left to find: the next session binds its own */
        try (JShellSession two = new JShellSession(Main.STARTUP, b)) {
            assertEquals("\"kernel (session B's kernel)\"", value(two, "k.toString()"));
        }
    }
}
