package oolong.repl.snippet;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A program a snippet hands the REPL's terminal to ({@code /gdb}): it runs on the REPL's own
 * standard input, output and error, and until it ends Ctrl-C is its own. The terminal sends
 * SIGINT to its whole foreground process group, the REPL's JVM and the program alike; the console
 * asks {@link #running()} and leaves the snippet alone, because stopping it (JShell stops a
 * snippet's thread) would bring the REPL's prompt back while the program still reads the terminal.
 * Input that is not a terminal (a pipe into a batch run) is the program's to read as well.
 */
public final class ForegroundProgram {
    private static final AtomicInteger RUNNING = new AtomicInteger();

    private ForegroundProgram() {
    }

    /** Whether a snippet's program has the terminal now. */
    public static boolean running() {
        return RUNNING.get() > 0;
    }

    /** Runs the command in the foreground and waits for it, whatever interrupts the snippet; its exit status. */
    public static int run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        RUNNING.incrementAndGet();
        try {
            while (true) {
                try {
                    return p.waitFor();
                } catch (InterruptedException e) {
                    /* Ctrl-C is the program's: the snippet waits on */
                }
            }
        } finally {
            RUNNING.decrementAndGet();
        }
    }
}
