package oolong.repl.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jshell's session commands in a batch session: /list, /vars, /history, /save and a replay, /open, $N. */
class SessionCommandsTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void expressionsGiveDollarVariablesThatLaterSnippetsUse() {
        try (JShellSession s = new JShellSession(List.of())) {
            int status = new BatchRunner(s, out, () -> 0).run("20 + 1\n$1 * 2\nint t = $2;\n/vars\n", "t.jsh");
            assertEquals(BatchRunner.OK, status, output());
            assertTrue(output().contains("$1 ==> 21"), output());
            assertTrue(output().contains("$2 ==> 42"), output());
            assertTrue(output().contains("t ==> 42"), output());
            assertTrue(output().contains("int $1 = 21\nint $2 = 42\nint t = 42"), output());
        }
    }

    @Test
    void listHistoryAndASavedSessionThatReplays() throws Exception {
        Path saved = dir.resolve("session.jsh");
        try (JShellSession s = new JShellSession(List.of("int hidden = 0;"))) {
            BatchRunner r = new BatchRunner(s, out, () -> 0);
            assertEquals(BatchRunner.OK, r.run("int x = 20;\nclass Twice {\n  int of(int v) { return 2 * v; }\n}\n"
                    + "new Twice().of(x)\n/list\n/history\n/save " + saved + "\n", "a.jsh"), output());
            assertTrue(output().contains("   1 : int x = 20;\n   2 : class Twice {\n         int of(int v)"), output());
            assertFalse(output().contains("hidden"), "the start-up's snippets are not listed: " + output());
            assertTrue(output().contains("saved 5 lines to " + saved), output());
        }
        String script = Files.readString(saved);
        assertEquals("int x = 20;\nclass Twice {\n  int of(int v) { return 2 * v; }\n}\nnew Twice().of(x)\n", script);

        /* the saved session replays on a fresh session, as scripts/oolong run does */
        bytes.reset();
        try (JShellSession s = new JShellSession(List.of())) {
            assertEquals(BatchRunner.OK, new BatchRunner(s, out, () -> 0).run(script, "session.jsh"), output());
            assertTrue(output().contains("$1 ==> 40"), output());
        }
    }

    /** /reload runs the front end's reload; /save leaves it out (the saved snippets build the state themselves). */
    @Test
    void reloadRunsTheReloadAndIsNotSaved() throws Exception {
        Path saved = dir.resolve("reloaded.jsh");
        java.util.List<String> reloads = new java.util.ArrayList<>();
        try (JShellSession s = new JShellSession(List.of())) {
            BatchRunner r = new BatchRunner(s, out, () -> 0).reload(o -> {
                reloads.add("reload");
                o.println("reload: done");
                return true;
            });
            assertEquals(BatchRunner.OK, r.run("int x = 1;\n/reload\nx + 1\n/save " + saved + "\n", "r.jsh"), output());
            assertEquals(List.of("reload"), reloads);
            assertTrue(output().contains("oolong> /reload\nreload: done\n"), output());
            assertEquals(BatchRunner.SNIPPET_FAILED, r.run("/reload now\n", "bad.jsh"), output());
            assertTrue(output().contains("usage: /reload"), output());
        }
        assertEquals("int x = 1;\nx + 1\n", Files.readString(saved));
        try (JShellSession s = new JShellSession(List.of())) {
            assertEquals(BatchRunner.SNIPPET_FAILED, new BatchRunner(s, out, () -> 0).run("/reload\n", "none.jsh"));
            assertTrue(output().contains("/reload is not available here"), output());
        }
        try (JShellSession s = new JShellSession(List.of())) {
            assertEquals(BatchRunner.SNIPPET_FAILED, new BatchRunner(s, out, () -> 0).reload(o -> false).run("/reload\nint never = 1;\n", "f.jsh"));
            assertTrue(output().contains("/reload failed (see above)"), output());
        }
    }

    @Test
    void openRunsAScriptInTheSessionAndRefusesToOpenItself() throws Exception {
        Path lib = dir.resolve("lib.jsh");
        Files.writeString(lib, "int twice(int v) { return 2 * v; }\n");
        Path loop = dir.resolve("loop.jsh");
        Files.writeString(loop, "/open " + loop + "\n");
        try (JShellSession s = new JShellSession(List.of())) {
            BatchRunner r = new BatchRunner(s, out, () -> 0);
            assertEquals(BatchRunner.OK, r.run("/open " + lib + "\ntwice(21)\n", "main.jsh"), output());
            assertTrue(output().contains("$1 ==> 42"), output());
            assertEquals(BatchRunner.SNIPPET_FAILED, r.run("/open " + loop + "\n", "main2.jsh"), output());
            assertTrue(output().contains("loop.jsh: FAILED: it opens itself"), output());
            assertEquals(BatchRunner.SNIPPET_FAILED, r.run("/open " + dir.resolve("missing.jsh") + "\n", "main3.jsh"));
            assertTrue(output().contains("/open: cannot read"), output());
        }
    }
}
