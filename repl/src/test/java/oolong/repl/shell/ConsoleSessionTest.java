package oolong.repl.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's session commands on a dumb terminal (the real terminal is ConsoleIT's): $N
 * results, per-command help, and a /save whose replay means what the session meant although a
 * snippet that threw used up a $N.
 */
@Timeout(60)
class ConsoleSessionTest {
    @TempDir
    Path dir;

    String session(String... lines) throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream keyboard = new PipedInputStream(keys, 1 << 16);
        keys.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        keys.flush();
        try (keys;
             Terminal terminal = new DumbTerminal("test", "dumb", keyboard, screen, StandardCharsets.UTF_8);
             JShellSession session = new JShellSession(List.of())) {
            new InteractiveConsole(session, terminal, new InteractiveConsole.Host() {
                @Override
                public String reboot() {
                    return "(rebooted)";
                }

                @Override
                public String pendingNotice() {
                    return null;
                }
            }, dir.resolve("history")).run();
            terminal.flush();
        }
        return screen.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aSavedSessionReplaysWithTheSameDollarVariables() throws Exception {
        Path saved = dir.resolve("s.jsh");
        String out = session("1 + 1", "Integer.parseInt(\"x\")", "20 + 22", "$3 + 1", "undefinedThing()", "/vars",
                "/save " + saved, "/exit");
        assertTrue(out.contains("$1 ==> 2"), out);
        assertTrue(out.contains("$3 ==> 42"), "the exception used up $2, as in jshell: " + out);
        assertTrue(out.contains("$4 ==> 43"), out);
        assertTrue(out.contains("int $4 = 43"), "/vars: " + out);
        String script = Files.readString(saved);
        assertEquals("1 + 1\nvar $3 = 20 + 22;\nvar $4 = $3 + 1;\n", script, "failures left out, numbers kept");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JShellSession s = new JShellSession(List.of())) {
            int status = new BatchRunner(s, new PrintStream(bytes, true, StandardCharsets.UTF_8), () -> 0).run(script, "s.jsh");
            String replay = bytes.toString(StandardCharsets.UTF_8);
            assertEquals(BatchRunner.OK, status, replay);
            assertTrue(replay.contains("$4 ==> 43"), replay);
        }
    }

    @Test
    void helpForOneCommandComesFromTheTable() throws Exception {
        String out = session("/help ps", "/help /sched", "/help nosuch", "/exit");
        assertTrue(out.contains("/ps - the process tree, with states"), out);
        assertTrue(out.contains("same as: k.ps()"), out);
        assertTrue(out.contains("/sched - the scheduling policy"), out);
        assertTrue(out.contains("k.sched().use(\"stride\")"), out);
        assertTrue(out.contains("no command nosuch"), out);
    }
}
