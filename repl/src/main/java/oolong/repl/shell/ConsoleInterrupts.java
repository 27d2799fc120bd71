package oolong.repl.shell;

import java.util.function.Supplier;
import oolong.repl.snippet.ForegroundProgram;
import org.jline.terminal.Terminal;

/**
 * Ctrl-C in the interactive console. The terminal turns it into SIGINT for its foreground
 * process group, which is the REPL's JVM alone (QEMU runs in a session of its own, see
 * oolong.qmp.QemuSupervisor), and JLine hands it to the handler installed here:
 *
 * <ul>
 *   <li>while a line is being edited, JLine's own handler is in place for the duration of
 *       readLine and drops the line (UserInterruptException);</li>
 *   <li>while a snippet runs, JShell stops it: its threads are interrupted (a sleep, or a wait
 *       for the kernel or a puppet, ends at once) and a loop stops at its next back-edge. The
 *       machine is not touched: a puppet blocked in the kernel stays blocked there (its next
 *       command is refused with EBUSY until the system call returns or the puppet is killed);</li>
 *   <li>while a snippet's program has the terminal (gdb, from /gdb: {@link ForegroundProgram}),
 *       it is that program's (gdb interrupts the machine) and the snippet waits on;</li>
 *   <li>at any other moment (a /reboot, printing) it is ignored, instead of the JVM's default
 *       of exiting.</li>
 * </ul>
 */
final class ConsoleInterrupts {
    /** What the console prints after a snippet that Ctrl-C stopped. */
    static final String INTERRUPTED = "interrupted (Ctrl-C): the snippet was stopped; the machine runs on";

    private final JShellSession session;
    private volatile boolean running;
    private volatile boolean interrupted;

    private ConsoleInterrupts(JShellSession session) {
        this.session = session;
    }

    /** Installs the handler for the console's lifetime (JLine swaps in its own during readLine). */
    static ConsoleInterrupts install(Terminal terminal, JShellSession session) {
        ConsoleInterrupts c = new ConsoleInterrupts(session);
        terminal.handle(Terminal.Signal.INT, signal -> c.onInterrupt());
        return c;
    }

    private void onInterrupt() {
        if (running && !ForegroundProgram.running()) {     /* gdb's Ctrl-C is gdb's: the snippet waits for it */
            interrupted = true;
            session.stop();
        }
    }

    /** Runs a snippet's evaluation so that Ctrl-C stops it. */
    <T> T whileRunning(Supplier<T> evaluation) {
        interrupted = false;
        running = true;
        try {
            return evaluation.get();
        } finally {
            running = false;
        }
    }

    /** Whether Ctrl-C stopped the last evaluation. */
    boolean interrupted() {
        return interrupted;
    }
}
