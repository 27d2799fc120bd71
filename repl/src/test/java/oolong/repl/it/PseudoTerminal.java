package oolong.repl.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command on a real pseudo-terminal, typed into and read like a user would: util-linux's
 * {@code script} (present on every Debian: package bsdutils) opens the pty pair, makes the pty
 * the command's controlling terminal and copies our keys to it, so Ctrl-C (byte 3) goes through
 * the terminal's line discipline and becomes SIGINT for the foreground process group, exactly
 * as at a keyboard. Output is kept raw; {@link #text} strips the escape sequences.
 */
final class PseudoTerminal implements AutoCloseable {
    private static final Pattern ESCAPES = Pattern.compile("\u001b\\[[0-?]*[ -/]*[@-~]|\u001b\\][^\u0007\u001b]*(\u0007|\u001b\\\\)"
            + "|\u001b[()][0-9A-Za-z]|\u001b[=>78]|\r|\u0007");

    private final Process script;
    private final OutputStream keys;
    private final StringBuilder raw = new StringBuilder();
    private final Thread reader;

    private PseudoTerminal(Process script) {
        this.script = script;
        this.keys = script.getOutputStream();
        this.reader = new Thread(this::pump, "pty-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs a shell command line on a new pty of the given size, with TERM set and HOME in home. */
    static PseudoTerminal start(String commandLine, int columns, int rows, Path home) throws IOException {
        /* SIGINT back to its default: a test run from a background job inherits it ignored, and a
           JVM started so can never see Ctrl-C (a keyboard's shell would not ignore it) */
        ProcessBuilder pb = new ProcessBuilder("script", "--quiet", "--flush", "--return", "--command",
                "stty cols " + columns + " rows " + rows + "; exec env --default-signal=INT " + commandLine, "/dev/null");
        Map<String, String> env = pb.environment();
        env.put("TERM", "xterm-256color");
        env.put("HOME", home.toString());
        env.put("SHELL", "/bin/sh");
        pb.redirectErrorStream(true);
        return new PseudoTerminal(pb.start());
    }

    /** Single-quotes a word for the shell. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private void pump() {
        byte[] buf = new byte[8192];
        try (InputStream in = script.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                String s = new String(buf, 0, n, StandardCharsets.UTF_8);
                synchronized (raw) {
                    raw.append(s);
                    raw.notifyAll();
                }
            }
        } catch (IOException e) {
            /* the terminal is gone */
        }
    }

    /** Types text (no Enter). */
    void type(String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    /** Types a line and Enter. */
    void line(String text) throws IOException {
        type(text + "\r");
    }

    void ctrlC() throws IOException {
        type("\u0003");
    }

    /** A position in the output: {@link #await} and {@link #text} can start there. */
    int mark() {
        synchronized (raw) {
            return raw.length();
        }
    }

    /** The output since a mark, without escape sequences and carriage returns. */
    String text(int from) {
        synchronized (raw) {
            return ESCAPES.matcher(raw.substring(Math.min(from, raw.length()))).replaceAll("");
        }
    }

    /** Waits until the output since the mark matches; returns the match. */
    Matcher await(int from, Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (raw) {
            while (true) {
                Matcher m = pattern.matcher(text(from));
                if (m.find()) {
                    return m;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the terminal did not show /" + pattern + "/ within " + timeout.toMillis()
                            + " ms; it shows:\n" + tail(text(from)));
                }
                raw.wait(Math.max(1, Math.min(200, left / 1_000_000)));
            }
        }
    }

    /**
     * Waits until the output since the mark matches and then nothing more arrives for the quiet
     * time: the program has finished printing (a prompt drawn by an earlier step does not count).
     */
    Matcher awaitQuiet(int from, Pattern pattern, Duration quiet, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Matcher m = await(from, pattern, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            int seen = mark();
            Thread.sleep(quiet.toMillis());
            if (mark() == seen) {
                Matcher again = pattern.matcher(text(from));
                if (again.find()) {
                    return again;
                }
            }
            if (System.nanoTime() > deadline) {
                return m;
            }
        }
    }

    static String tail(String s) {
        return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
    }

    /** The processes under the terminal: the command and everything it started. */
    List<ProcessHandle> processes() {
        return new ArrayList<>(script.descendants().toList());
    }

    boolean waitFor(Duration timeout) throws InterruptedException {
        return script.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ends whatever still runs under the terminal (SIGKILL), then the terminal. */
    @Override
    public void close() throws InterruptedException {
        if (script.isAlive()) {
            for (ProcessHandle p : processes()) {
                p.destroyForcibly();
            }
            script.destroyForcibly();
            script.waitFor(10, TimeUnit.SECONDS);
        }
        try {
            keys.close();
        } catch (IOException e) {
            /* closed already */
        }
    }
}
