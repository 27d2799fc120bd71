package oolong.repl.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

public class BatchRunnerTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aCleanScriptExitsZeroAndEchoes() {
        try (JShellSession s = new JShellSession(List.of())) {
            int status = new BatchRunner(s, out, () -> 0).run("int a = 1;\nint b = a +\n  2;\nb * 10\n/help\n", "t.jsh");
            assertEquals(BatchRunner.OK, status, output());
            assertTrue(output().contains("30"), output());
            assertTrue(output().contains("Commands:"), output());
        }
    }

    @Test
    void aThrowingSnippetStopsTheScriptWithStatusOne() {
        try (JShellSession s = new JShellSession(List.of())) {
            int status = new BatchRunner(s, out, () -> 0).run("int a = 1;\nthrow new IllegalStateException(\"boom\");\nint c = 3;", "t.jsh");
            assertEquals(BatchRunner.SNIPPET_FAILED, status);
            assertTrue(output().contains("IllegalStateException: boom"), output());
            assertTrue(!output().contains("int c = 3"), "stops at the failure: " + output());
        }
    }

    @Test
    void aCompileErrorFailsTheScript() {
        try (JShellSession s = new JShellSession(List.of())) {
            assertEquals(BatchRunner.SNIPPET_FAILED, new BatchRunner(s, out, () -> 0).run("undefinedThing();", "t.jsh"));
        }
    }

    @Test
    void aFailedCheckGivesStatusTwo() {
        AtomicInteger checks = new AtomicInteger();
        try (JShellSession s = new JShellSession(List.of())) {
            oolong.repl.shell.BatchRunnerTest.counter = checks;
            int status = new BatchRunner(s, out, checks::get)
                    .run("oolong.repl.shell.BatchRunnerTest.counter.incrementAndGet();\nint never = 1;", "t.jsh");
            assertEquals(BatchRunner.CHECK_FAILED, status);
        }
    }

    @Test
    void aBadCommandArgumentIsAClearError() {
        try (JShellSession s = new JShellSession(List.of())) {
            assertEquals(BatchRunner.SNIPPET_FAILED, new BatchRunner(s, out, () -> 0).run("/kill abc\n", "t.jsh"));
            assertTrue(output().contains("'abc' is not a number"), output());
        }
    }

    /** A bad slash command is reported once, in the failure report that names the file's line. */
    @Test
    void aBadCommandIsReportedOnce() {
        for (String bad : List.of("/kill abc", "/nosuchcommand")) {
            bytes.reset();
            try (JShellSession s = new JShellSession(List.of())) {
                String script = "int a = 1;\n" + bad + "\n";
                assertEquals(BatchRunner.SNIPPET_FAILED, new BatchRunner(s, out, () -> 0).run(script, "t.jsh"));
            }
            String why = bad.equals("/kill abc") ? "'abc' is not a number" : "nosuchcommand";
            String[] lines = output().split("\n");
            long mentions = java.util.Arrays.stream(lines).filter(l -> l.contains(why) && !l.startsWith("oolong> ")
                    && !l.contains("FAILED at:")).count();
            assertEquals(1, mentions, "the reason once: " + output());
            assertTrue(output().contains("# t.jsh line 2: FAILED at: " + bad), output());
        }
    }

    /** Failures name lines of the file (comments, blank lines, multi-line snippets and commands counted), not of the snippet. */
    @Test
    void failuresNameTheFilesLines() {
        String script = "int a = 1;\n// a comment\n\nint b = a +\n   2;\n/help\nString s =\n   \"x\";\nint c = b +\n    nosuch;\n";
        try (JShellSession s = new JShellSession(List.of())) {
            assertEquals(BatchRunner.SNIPPET_FAILED, new BatchRunner(s, out, () -> 0).run(script, "t.jsh"));
            assertTrue(output().contains("# t.jsh line 9: FAILED at: int c = b +"), output());
            assertTrue(output().contains("#   error (line 10): cannot find symbol"), output());
        }
        bytes.reset();
        try (JShellSession s = new JShellSession(List.of())) {
            new BatchRunner(s, out, () -> 0).run("int a = 1;\n\n\nthrow new IllegalStateException(\"boom\");\n", "t.jsh");
            assertTrue(output().contains("# t.jsh line 4: FAILED at: throw new IllegalStateException(\"boom\");"), output());
        }
        bytes.reset();
        try (JShellSession s = new JShellSession(List.of())) {
            new BatchRunner(s, out, () -> 0).run("int a = 1;\n/kill x\n", "t.jsh");
            assertTrue(output().contains("# t.jsh line 2: FAILED at: /kill x"), output());
        }
        bytes.reset();
        try (JShellSession s = new JShellSession(List.of())) {
            new BatchRunner(s, out, () -> 0).run("int a = 1;\n\nint b = (a +\n", "t.jsh");
            assertTrue(output().contains("# t.jsh line 3: FAILED at: int b = (a +"), output());
        }
    }

    /** A statement or a void call prints nothing, not a blank line; a value still prints. */
    @Test
    void statementsAndVoidCallsPrintNoBlankLine() {
        try (JShellSession s = new JShellSession(List.of())) {
            assertEquals(BatchRunner.OK, new BatchRunner(s, out, () -> 0)
                    .run("int x = 1;\nThread.sleep(1)\nif (x > 0) x++;\nString e = \"\";\ne\n", "t.jsh"));
            assertTrue(output().contains("oolong> Thread.sleep(1)\noolong> if (x > 0) x++;\noolong> String e"), output());
            assertTrue(output().contains("oolong> e\ne ==> \"\"\n"), output());
            assertTrue(!output().contains("\n\n"), "no blank line anywhere: " + output());
        }
    }

    public static volatile AtomicInteger counter;
}
