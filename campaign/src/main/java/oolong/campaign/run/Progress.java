package oolong.campaign.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The live progress line: when standard error is a terminal it is rewritten in place every second;
 * otherwise (a CI log, {@code 2>file}) a plain line is printed every ten seconds, with no control
 * characters. It is standard error that matters, not whether the JVM has a console (stdin and
 * stdout): {@code campaign 2>log} must not fill the log with escapes, and {@code campaign | tee}
 * still has a live line.
 */
final class Progress implements AutoCloseable {
    private final PrintStream out;
    private final Supplier<String> line;
    private final boolean terminal;
    private final Thread thread;
    private volatile boolean running = true;

    Progress(PrintStream out, Supplier<String> line) {
        this(out, line, stderrIsTerminal());
    }

    Progress(PrintStream out, Supplier<String> line, boolean terminal) {
        this.out = out;
        this.line = line;
        this.terminal = terminal;
        this.thread = new Thread(this::loop, "campaign-progress");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Whether file descriptor 2 is a terminal (and one that understands escapes). Java has no
     * isatty; on Linux /proc/self/fd/2 names the device. Anything else, or not knowing, counts
     * as a log: plain lines are always safe.
     */
    static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    boolean terminal() {
        return terminal;
    }

    private void loop() {
        long period = terminal ? 1000 : 10_000;
        while (running) {
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            if (running) {
                print();
            }
        }
    }

    private synchronized void print() {
        if (terminal) {
            out.print("\r\033[K" + line.get());
        } else {
            out.println(line.get());
        }
        out.flush();
    }

    /** A message on its own line, above the progress line. */
    synchronized void say(String message) {
        if (terminal) {
            out.print("\r\033[K");
        }
        out.println(message);
        out.flush();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        if (terminal) {
            out.print("\r\033[K");
        }
        out.println(line.get());
        out.flush();
    }
}
