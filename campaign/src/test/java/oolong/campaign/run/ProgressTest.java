package oolong.campaign.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live progress line is for a terminal on standard error only. The pty tests run a JVM under
 * util-linux's {@code script}, which gives it a pseudo-terminal, with one of stdout and stderr
 * sent to a file instead: what decides is stderr, not whether the JVM has a console.
 */
@Timeout(120)
class ProgressTest {
    static final String ESCAPE = "\033[K";

    /** The two forms, on a stream the test holds. */
    @Test
    void onATerminalTheLineIsRewrittenInPlaceElsewherePlainLines() {
        ByteArrayOutputStream tty = new ByteArrayOutputStream();
        try (Progress p = new Progress(new PrintStream(tty, true, StandardCharsets.UTF_8), () -> "0:01 | 3 programs", true)) {
            p.say("[campaign] a message");
        }
        assertEquals("\r" + ESCAPE + "[campaign] a message\n\r" + ESCAPE + "0:01 | 3 programs\n", tty.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Progress p = new Progress(new PrintStream(log, true, StandardCharsets.UTF_8), () -> "0:01 | 3 programs", false)) {
            p.say("[campaign] a message");
        }
        assertEquals("[campaign] a message\n0:01 | 3 programs\n", log.toString(StandardCharsets.UTF_8));
    }

    @Test
    void stderrToAFileGetsPlainLinesThoughStdinAndStdoutAreATerminal(@TempDir Path dir) throws Exception {
        Path err = dir.resolve("err.log");
        String tty = underPty(dir, "2>" + err);
        String log = Files.readString(err);
        assertTrue(log.contains("[campaign] a message\n") && log.contains("0:01 | 3 programs\n"), log);
        assertFalse(log.contains("\r") || log.contains("\033"), "no control characters in a log: " + log);
        assertFalse(tty.contains(ESCAPE), tty);
    }

    @Test
    void stderrOnATerminalGetsTheLiveLineThoughStdoutGoesToAFile(@TempDir Path dir) throws Exception {
        String tty = underPty(dir, ">" + dir.resolve("out.log"));
        assertTrue(tty.contains("\r" + ESCAPE + "[campaign] a message"), tty);
        assertTrue(tty.contains("\r" + ESCAPE + "0:01 | 3 programs"), tty);
    }

    /** Runs {@link #main} in a JVM on a pseudo-terminal with the redirection; what reached the terminal. */
    private static String underPty(Path dir, String redirect) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux's script makes the pty");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' " + ProgressTest.class.getName()
                + " " + redirect;
        Path typescript = dir.resolve("tty.out");
        Process p = new ProcessBuilder(List.of("/usr/bin/script", "-qec", command, "/dev/null"))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(typescript.toFile()).redirectErrorStream(true).start();
        try {
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the JVM under script ended");
            assertEquals(0, p.exitValue(), Files.readString(typescript));
        } finally {
            p.destroyForcibly();
        }
        return Files.readString(typescript).replace("\r\n", "\n");
    }

    /** The JVM the pty tests start: a message and the final line, as a campaign prints them. */
    public static void main(String[] args) {
        try (Progress p = new Progress(System.err, () -> "0:01 | 3 programs")) {
            p.say("[campaign] a message");
        }
    }
}
