package oolong.repl.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import oolong.repl.snippet.ForegroundProgram;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ctrl-C (SIGINT raised on the console's terminal) while a snippet runs: it stops the snippet,
 * unless the snippet has handed the terminal to a program (gdb for /gdb), whose Ctrl-C it is; then
 * the snippet waits for the program and returns its result.
 */
@Timeout(120)
class ConsoleInterruptsTest {

    /**
     * Evaluates a snippet as the console does and raises SIGINT once it runs (when it starts a
     * program: once that program runs); the outcome, how long it took, whether the console stopped it.
     */
    private static Object[] evalWithCtrlC(String snippet, boolean startsAProgram) throws Exception {
        try (Terminal terminal = new DumbTerminal("test", "dumb", new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), StandardCharsets.UTF_8);
             JShellSession session = new JShellSession(List.of())) {
            ConsoleInterrupts interrupts = ConsoleInterrupts.install(terminal, session);
            session.eval("int warm = 1;");
            long t0 = System.nanoTime();
            CompletableFuture<List<JShellSession.Outcome>> run = CompletableFuture.supplyAsync(
                    () -> interrupts.whileRunning(() -> session.eval(snippet)));
            Thread.sleep(1500);
            for (int i = 0; startsAProgram && !ForegroundProgram.running(); i++) {
                assertTrue(i < 600, "the snippet started its program");
                Thread.sleep(50);
            }
            terminal.raise(Terminal.Signal.INT);
            List<JShellSession.Outcome> outcome = run.get(60, TimeUnit.SECONDS);
            return new Object[] {outcome.get(0), (System.nanoTime() - t0) / 1_000_000, interrupts.interrupted()};
        }
    }

    @Test
    void ctrlCStopsASnippet() throws Exception {
        Object[] r = evalWithCtrlC("Thread.sleep(30000)", false);
        assertTrue((long) r[1] < 20_000, "stopped after " + r[1] + " ms");
        assertTrue((boolean) r[2], "the console says it stopped the snippet");
    }

    @Test
    void ctrlCWhileAProgramHasTheTerminalIsTheProgramsAndTheSnippetWaitsForIt() throws Exception {
        Object[] r = evalWithCtrlC("oolong.repl.snippet.ForegroundProgram.run(java.util.List.of(\"sleep\", \"4\"))", true);
        JShellSession.Outcome o = (JShellSession.Outcome) r[0];
        assertEquals(JShellSession.Outcome.Kind.VALUE, o.kind(), o.toString());
        assertEquals("0", o.value(), "the program's exit status: " + o);
        assertTrue((long) r[1] >= 4_000, "the snippet waited for the program: " + r[1] + " ms");
        assertFalse((boolean) r[2], "the snippet was not stopped");
    }
}
