package oolong.repl.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import oolong.introspect.kernel.Backtrace;
import oolong.introspect.program.CpuState;
import oolong.introspect.program.Symbol;
import oolong.qmp.GdbStub;
import oolong.qmp.GuestDump;
import oolong.qmp.MemRange;
import oolong.qmp.Registers;
import oolong.qmp.TlbEntry;
import oolong.repl.introspect.DumpTarget;
import oolong.repl.introspect.GdbScript;
import oolong.repl.introspect.Introspection;
import oolong.repl.introspect.LiveTarget;
import oolong.repl.introspect.Symbolizer;
import oolong.repl.introspect.Target;
import oolong.repl.session.Session;
import oolong.repl.snippet.ForegroundProgram;

/**
 * The virtual machine, as REPL snippets see it ({@code vm}): QEMU's view, through QMP. It keeps
 * working across {@link #reboot} and {@link #restore}, which replace the QEMU process underneath.
 */
public final class Machine {
    private final Session session;
    /** Where vm.core() and vm.backtrace() read: the live machine, or a dump opened offline. */
    private final Target target;

    public Machine(Session session) {
        this(session, Path.of(System.getProperty("oolong.images", "boot/target/images")));
    }

    /** A live machine whose images (and their debug information) are in a directory. */
    public Machine(Session session, Path images) {
        this.session = session;
        Introspection introspection = new Introspection(images);
        this.target = new LiveTarget(session::vm, introspection);
        Symbolizer.install(introspection);
    }

    private Machine(DumpTarget dump) {
        this.session = null;
        this.target = dump;
        Symbolizer.install(dump.introspection());
    }

    /** A machine that is only a dump (scripts/oolong open): memory-level views and symbols work, nothing runs. */
    public static Machine offline(DumpTarget dump) {
        return new Machine(dump);
    }

    private Session session() {
        if (session == null) {
            throw new IllegalStateException("no machine: this is " + target.describe() + ", opened offline; vm.core(),"
                    + " vm.backtrace(), vm.symbol(address) and vm.registers() work on it");
        }
        return session;
    }

    /** "running", "paused", "guest-panicked", ... */
    public String status() {
        if (session == null) {
            return "dump";
        }
        return session().vm().status();
    }

    public String pause() {
        session().vm().stop();
        return status();
    }

    public String resume() {
        session().vm().cont();
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
            session().reboot();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String hmp(String command) {
        return session().vm().hmp(command);
    }

    /** CPU 0's registers, printed with the symbol of every register that points into code. */
    public CpuRegisters registers() {
        if (session == null) {
            return new CpuRegisters(Registers.parse(target.look(p -> registerText(p.cpu()))));
        }
        return new CpuRegisters(session().vm().registers());
    }

    private static String registerText(CpuState cpu) {
        StringBuilder sb = new StringBuilder();
        cpu.registers().forEach((name, value) -> sb.append(name).append('=').append(Long.toHexString(value)).append(' '));
        return sb.toString();
    }

    // ------------------------------------------------------------------ introspection (docs/introspection.md)

    /** The kernel read from memory, without the agent: ps(), proc(pid), handles(pid), pages(pid), object(a), heap(). */
    public Core core() {
        return new Core(target);
    }

    /** The kernel's stack from CPU 0's registers and memory: works at a panic, a CPU exception, on a hung kernel. */
    public Backtrace backtrace() {
        return core().backtrace();
    }

    /** What an address is: "oolong.kernel.proc.Processes.kill(Process, long) + 0x1c" (kernel or user image). */
    public Symbol symbol(long address) {
        return target.introspection().symbol(address).orElseThrow(() -> new IllegalArgumentException(
                String.format("0x%x is in no symbol of the kernel or user image", address)));
    }

    /**
     * Writes the guest's memory and registers to a file as an ELF core (QEMU's dump-guest-memory),
     * to open later with scripts/oolong open FILE, without QEMU.
     */
    public DumpFile dump(String path) {
        Path file = Path.of(path).toAbsolutePath();
        long t0 = System.nanoTime();
        try {
            long bytes = GuestDump.write(session().vm(), file);
            return new DumpFile(file, bytes, (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts QEMU's gdbstub (once) and writes a gdb command file with both images' symbols; see GdbServer. */
    public GdbServer gdbserver() {
        try {
            int port = GdbStub.start(session().vm());
            return new GdbServer(port, GdbScript.write(session().vm().directory(), target.introspection(), port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs gdb on this terminal, attached to the machine (/gdb); returns when gdb quits, leaving the machine running. */
    public String gdb() {
        GdbServer server = gdbserver();
        int status;
        try {
            status = ForegroundProgram.run(GdbScript.command(server.script()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run gdb (" + e.getMessage() + "): sudo apt-get install gdb");
        }
        return "gdb exited (status " + status + "); the machine is " + status();
    }

    public List<TlbEntry> tlb() {
        return session().vm().tlb();
    }

    public List<MemRange> mem() {
        return session().vm().memoryRanges();
    }

    public byte[] readPhysical(long address, int length) {
        if (session == null) {
            return target.browser().memory().read(address, length);
        }
        try {
            return session().vm().readPhysical(address, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends an NMI: the kernel prints where it was on the console and carries on. */
    public void nmi() {
        session().vm().injectNmi();
    }

    /**
     * The serial console so far, every code address in it followed by its symbol (the kernel's
     * NMI and CPU-exception lines print bare rips: "*** NMI in the kernel at rip 0x...1944d4
     * <oolong.kernel.KernelLoop.run(Machine) + 0x5c>; continuing").
     */
    public String console() {
        return Symbolizer.annotate(session().vm().serialOutput());
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
            session().snapshot(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "saved '" + name + "' in " + (System.nanoTime() - t0) / 1_000_000 + " ms";
    }

    /** Replaces the machine with a saved one; {@code k} reconnects to its kernel. */
    public String restore(String name) {
        long t0 = System.nanoTime();
        try {
            session().restore(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "restored '" + name + "' in " + (System.nanoTime() - t0) / 1_000_000 + " ms";
    }

    /** The kernel's panic report (console text and CPU registers), or null when it has not panicked. */
    public String panic() {
        return session == null ? null : session.panic();
    }

    /** The panic as parts: message, current process, console text, registers; null when there was none. */
    public oolong.repl.session.PanicReport panicReport() {
        return session == null ? null : session.panicReport();
    }

    @Override
    public String toString() {
        if (session == null) {
            return "no virtual machine: " + target.describe() + " (offline)";
        }
        try {
            return "virtual machine (" + status() + ")";
        } catch (RuntimeException e) {
            return "virtual machine (" + e.getMessage() + ")";
        }
    }
}
