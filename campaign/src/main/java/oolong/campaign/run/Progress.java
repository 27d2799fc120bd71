package oolong.campaign.run;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * The live progress line: on a terminal it is rewritten in place every second; otherwise (a CI
 * log) a line is printed every ten seconds.
 */
final class Progress implements AutoCloseable {
    private final PrintStream out;
    private final Supplier<String> line;
    private final boolean terminal;
    private final Thread thread;
    private volatile boolean running = true;

    Progress(PrintStream out, Supplier<String> line) {
        this.out = out;
        this.line = line;
        this.terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        this.thread = new Thread(this::loop, "campaign-progress");
        thread.setDaemon(true);
        thread.start();
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
