package oolong.repl.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import oolong.qmp.MemRange;
import oolong.qmp.Registers;
import oolong.qmp.TlbEntry;
import oolong.repl.Session;

/**
 * The virtual machine, as REPL snippets see it ({@code vm}): QEMU's view, through QMP. It keeps
 * working across {@link #reboot} and {@link #restore}, which replace the QEMU process underneath.
 */
public final class Machine {
    private final Session session;

    public Machine(Session session) {
        this.session = session;
    }

    /** "running", "paused", "guest-panicked", ... */
    public String status() {
        return session.vm().status();
    }

    public String pause() {
        session.vm().stop();
        return status();
    }

    public String resume() {
        session.vm().cont();
        return status();
    }

    /**
     * Starts the machine afresh: a new QEMU boots the kernel and the REPL reconnects (the same as
     * {@link #reboot()}; a reset inside the running QEMU would lose the agent's connection state).
     */
    public String reset() {
        reboot();
        return "rebooted";
    }

    /** A fresh QEMU and kernel; the agent reconnects. */
    public void reboot() {
        try {
            session.reboot();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String hmp(String command) {
        return session.vm().hmp(command);
    }

    public Registers registers() {
        return session.vm().registers();
    }

    public List<TlbEntry> tlb() {
        return session.vm().tlb();
    }

    public List<MemRange> mem() {
        return session.vm().memoryRanges();
    }

    public byte[] readPhysical(long address, int length) {
        try {
            return session.vm().readPhysical(address, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends an NMI: the kernel prints where it was on the console and carries on. */
    public void nmi() {
        session.vm().injectNmi();
    }

    /** The serial console so far. */
    public String console() {
        return session.vm().serialOutput();
    }

    /** The last lines of the serial console. */
    public String console(int lines) {
        String[] all = console().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    /** Saves the whole machine under a name (QEMU migration to a file); returns how long it took. */
    public String snapshot(String name) {
        long t0 = System.nanoTime();
        try {
            session.snapshot(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "saved '" + name + "' in " + (System.nanoTime() - t0) / 1_000_000 + " ms";
    }

    /** Replaces the machine with a saved one; {@code k} reconnects to its kernel. */
    public String restore(String name) {
        long t0 = System.nanoTime();
        try {
            session.restore(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "restored '" + name + "' in " + (System.nanoTime() - t0) / 1_000_000 + " ms";
    }

    /** The kernel's panic report (console text and CPU registers), or null when it has not panicked. */
    public String panic() {
        return session.panic();
    }

    /** The panic as parts: message, current process, console text, registers; null when there was none. */
    public oolong.repl.PanicReport panicReport() {
        return session.panicReport();
    }

    @Override
    public String toString() {
        try {
            return "virtual machine (" + status() + ")";
        } catch (RuntimeException e) {
            return "virtual machine (" + e.getMessage() + ")";
        }
    }
}
