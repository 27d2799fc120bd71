package oolong.repl.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive console driven through a dumb JLine terminal on plain streams: snippets across
 * lines, slash commands, notices before the prompt, errors that do not end the session, history.
 */
@Timeout(60)
class InteractiveConsoleTest {
    @TempDir
    Path dir;

    @Test
    void aScriptedSessionAtTheConsole() throws Exception {
        String typed = String.join("\n",
                "int x = 20;",
                "class Twice {",
                "  int of(int v) { return 2 * v; }",
                "}",
                "new Twice().of(x) + 2",
                "/nosuch",
                "Integer.parseInt(\"x\")",
                "/reboot",
                "x",
                "/exit", "");
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        List<String> notices = new ArrayList<>(List.of("a notice before the first prompt"));
        Path history = dir.resolve("history");
        /* keys come through a pipe that stays open: JLine treats the end of a finished stream as closed input;
           a DumbTerminal writes straight to the screen stream (a pty-backed one pumps output on a thread
           and may lose the last lines when it closes) */
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream keyboard = new PipedInputStream(keys, 1 << 16);
        keys.write(typed.getBytes(StandardCharsets.UTF_8));
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
                    return notices.isEmpty() ? null : notices.remove(0);
                }
            }, history).run();
            terminal.flush();
        }
        String out = screen.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("a notice before the first prompt"), out);
        assertTrue(out.contains("created class Twice"), out);
        assertTrue(out.contains("42"), "a snippet over several lines, then its use: " + out);
        assertTrue(out.contains("unknown command /nosuch"), out);
        assertTrue(out.contains("NumberFormatException"), "an exception is shown and the session goes on: " + out);
        assertTrue(out.contains("(rebooted)"), out);
        assertTrue(out.indexOf("20", out.indexOf("(rebooted)")) > 0, "state survives: " + out);
        assertTrue(Files.readString(history).contains("new Twice().of(x) + 2"), "history saved");
    }
}
