package oolong.repl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The real console on a real terminal: oolong.repl.Main (as scripts/oolong starts it) in a tmux
 * window of 120 x 40, driven by keys and read back from the screen. One machine for the class;
 * the tests run in order, as one session: completion of a command, of a call's signatures and of a
 * string argument, $N results, a paged k.pages(1) left with q, and /save replayed in batch mode.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {
    static final int HEIGHT = 40;
    static Tmux tmux;
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("oolong-console-it");
        String java = ProcessHandle.current().info().command().orElse("java");
        String images = System.getProperty("oolong.images", "../boot/target/images");
        /* its own home: the console's history goes there, not into the user's; `timeout` ends the REPL (and
           so its QEMU) even if this JVM is killed before it can */
        String command = "cd " + quote(dir.toString()) + " && LANG=C.UTF-8 timeout --foreground 900 " + quote(java) + " -Duser.home=" + quote(dir.toString())
                + " -cp " + quote(System.getProperty("java.class.path")) + " oolong.repl.Main --images "
                + quote(Path.of(images).toAbsolutePath().toString()) + "; echo \"[repl exited $?]\"; sleep 120";
        tmux = Tmux.start(dir, command, 120, HEIGHT);
        tmux.await(s -> lastLine(s).equals("oolong>"), 240, "the first prompt");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (tmux != null) {
                tmux.exitRepl();
            }
        } finally {
            if (tmux != null) {
                tmux.close();
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** A clean screen with an empty prompt at the top. */
    static void freshPrompt() throws Exception {
        tmux.press("C-u");
        tmux.press("C-l");
        tmux.await(s -> s.strip().equals("oolong>"), 30, "a cleared screen");
    }

    /**
     * Types a line, presses Enter and waits for the next prompt; returns the screen. (The prompt
     * is counted in the whole window: the screen before the line may already end with a prompt.)
     */
    static String enter(String line) throws Exception {
        int before = prompts(tmux.history());
        tmux.type(line);
        tmux.press("Enter");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (prompts(tmux.history()) <= before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return tmux.await(s -> lastLine(s).equals("oolong>") && s.indexOf("oolong>") < s.lastIndexOf("oolong>"), 60,
                "the prompt after " + line);
    }

    static int prompts(String window) {
        int n = 0;
        for (int i = window.indexOf("oolong>"); i >= 0; i = window.indexOf("oolong>", i + 1)) {
            n++;
        }
        return n;
    }

    static String lastLine(String screen) {
        String[] lines = screen.stripTrailing().split("\n");
        return lines[lines.length - 1].strip();
    }

    @Test
    @Order(1)
    void slashTiCompletesToTimeline() throws Exception {
        freshPrompt();
        tmux.type("/ti");
        tmux.press("Tab");
        tmux.await(s -> s.startsWith("oolong> /timeline"), 30, "/ti completed");
        tmux.press("Enter");
        String s = tmux.await(st -> st.contains("timeline: ") && lastLine(st).equals("oolong>"), 60, "the timeline");
        assertTrue(s.contains("idle |"), s);
    }

    @Test
    @Order(2)
    void tabAfterAnOpenParenthesisShowsSignaturesAndJavadoc() throws Exception {
        freshPrompt();
        tmux.type("k.kill(");
        tmux.press("Tab");
        String s = tmux.await(st -> st.contains("ProcessInfo Kernel.kill(int pid, long code, boolean force)"), 30,
                "the signatures of k.kill");
        assertTrue(s.contains("ProcessInfo Kernel.kill(int pid)"), s);
        assertTrue(s.contains("    Kills a process as the kernel's kill does"), "the javadoc under its signature: " + s);
        assertTrue(lastLine(s).equals("oolong> k.kill("), "the line is kept for typing on: " + s);
        tmux.press("Tab");
        s = tmux.await(st -> st.contains("init") || lastLine(st).equals("oolong> k.kill(1"), 30,
                "a second Tab: the live pids (init's described by its program, or the only one inserted)");
        tmux.press("C-u");
    }

    @Test
    @Order(3)
    void aStringArgumentCompletesToAProgram() throws Exception {
        freshPrompt();
        tmux.type("k.spawn(\"sle");
        tmux.press("Tab");
        tmux.await(s -> s.startsWith("oolong> k.spawn(\"sleeper\""), 30, "the program name completed with its quote");
        tmux.type(", \"100000\")");
        tmux.press("Enter");
        String s = tmux.await(st -> Pattern.compile("\\$\\d+ ==> \\d+").matcher(st).find(), 60, "the pid");
        Matcher m = Pattern.compile("(\\$\\d+) ==> (\\d+)").matcher(s);
        assertTrue(m.find(), s);
        tmux.press("C-u");
        tmux.type("k.sched().use(\"");
        tmux.press("Tab");
        s = tmux.await(st -> st.contains("round-robin") && st.contains("lottery"), 30, "the built-in policies");
        assertTrue(s.contains("stride") && s.contains("priority") && s.contains("seed"), s);
        tmux.press("C-u");
    }

    @Test
    @Order(4)
    void anExpressionLeavesItsValueInADollarVariable() throws Exception {
        freshPrompt();
        String s = enter("6 * 7");
        Matcher m = Pattern.compile("(\\$\\d+) ==> 42").matcher(s);
        assertTrue(m.find(), s);
        s = enter(m.group(1) + " + 1");
        assertTrue(Pattern.compile("\\$\\d+ ==> 43").matcher(s).find(), s);
        s = enter("k.proc(99999)");
        assertTrue(s.contains("ENOPROC"), "an error, left out of /save: " + s);
    }

    @Test
    @Order(5)
    void aLongResultIsPagedAndQuitWithQ() throws Exception {
        freshPrompt();
        tmux.type("k.pages(1)");
        tmux.press("Enter");
        String s = tmux.await(st -> st.contains("lines: space next page"), 60, "the pager's prompt");
        Matcher m = Pattern.compile("-- (\\d+) of (\\d+) lines").matcher(s);
        assertTrue(m.find(), s);
        int shown = Integer.parseInt(m.group(1));
        int total = Integer.parseInt(m.group(2));
        assertTrue(total > HEIGHT, "k.pages(1) is longer than the screen: " + total);
        assertEquals(HEIGHT - 1, shown, "a screenful, less the pager's line: " + s);
        assertTrue(s.contains("pages of pid 1"), s);
        tmux.press("Space");
        s = tmux.await(st -> !st.contains("-- " + shown + " of"), 30, "the next page");
        tmux.press("q");
        s = tmux.await(st -> lastLine(st).equals("oolong>"), 30, "the prompt after q");
        assertFalse(s.contains("space next page"), "the pager's line is gone: " + s);
        if (total > 2 * shown + 1) {
            assertFalse(tmux.history().contains(" 0x0000000080000000 "), "q stopped before the last mapping (the stack, up to 2 GiB)");
        }
    }

    @Test
    @Order(6)
    void aSavedSessionReplaysInBatchMode() throws Exception {
        freshPrompt();
        Path saved = dir.resolve("session.jsh");
        String s = enter("/save " + saved);
        assertTrue(s.replace("\n", "").contains("replay with: scripts/oolong run " + saved), s);
        String script = Files.readString(saved);
        assertTrue(script.contains("/timeline\n"), script);
        assertTrue(script.contains("k.spawn(\"sleeper\", \"100000\")\n"), script);
        assertTrue(script.contains("6 * 7\n"), script);
        assertFalse(script.contains("k.proc(99999)"), "what failed is left out: " + script);
        assertFalse(script.contains("/save"), script);

        /* scripts/oolong run FILE runs oolong.repl.Main run FILE: the same, on a fresh machine */
        String java = ProcessHandle.current().info().command().orElse("java");
        Process replay = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "oolong.repl.Main", "--images",
                Path.of(System.getProperty("oolong.images", "../boot/target/images")).toAbsolutePath().toString(), "run",
                saved.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("replay.txt").toFile()).start();
        try {
            boolean finished = replay.waitFor(300, TimeUnit.SECONDS);
            String output = Files.readString(dir.resolve("replay.txt"));
            assertTrue(finished, "the replay did not finish: " + output);
            assertEquals(0, replay.exitValue(), output);
            assertTrue(Pattern.compile("\\$\\d+ ==> 43").matcher(output).find(), output);
            assertTrue(output.contains("# session.jsh: done"), output);
        } finally {
            replay.destroyForcibly();
        }
    }
}
