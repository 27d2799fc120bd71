package oolong.kernel;

import oolong.kernel.arch.DeliberateFault;
import oolong.kernel.arch.Multiboot;
import oolong.kernel.arch.X86Platform;
import oolong.kernel.core.Machine;
import oolong.kernel.dev.SerialPort;
import oolong.kernel.log.Log;
import oolong.kernel.proc.Process;
import oolong.kernel.proc.Processes;
import oolong.kernel.selftest.SelfTest;

/**
 * A small command line on the serial console, for poking at a running kernel by hand
 * ({@code scripts/oolong console}); it reads the UART when its interrupt fires.
 */
final class Monitor {
    private final SerialPort serial;
    private final Multiboot boot;
    private final CommandLine cmd;
    private final X86Platform cpu;

    Monitor(SerialPort serial, Multiboot boot, CommandLine cmd, X86Platform cpu) {
        this.serial = serial;
        this.boot = boot;
        this.cmd = cmd;
        this.cpu = cpu;
    }

    private final StringBuilder line = new StringBuilder();
    private Machine machine;

    void setMachine(Machine machine) {
        this.machine = machine;
    }

    /** Prints the greeting; input then arrives through {@link #poll} on the UART's interrupt. */
    void start() {
        Log.println("kernel console: type 'help'");
        Log.print("oolong> ");
    }

    /** Consumes every byte the UART holds. */
    void poll() {
        for (int b = serial.readByte(); b >= 0; b = serial.readByte()) {
            if (b == '\r' || b == '\n') {
                Log.print("\n");
                execute(line.toString().trim());
                line.setLength(0);
                Log.print("oolong> ");
            } else if (b == 0x7F || b == 0x08) {
                if (line.length() > 0) {
                    line.setLength(line.length() - 1);
                    Log.print("\b \b");
                }
            } else if (b >= 0x20 && b < 0x7F && line.length() < 200) {
                line.append((char) b);
                serial.writeByte(b);
            }
        }
    }

    private void execute(String command) {
        String[] words = command.split(" +");
        switch (words[0]) {
            case "" -> { }
            case "help" -> Log.println("commands: help, info, ps, gc, irqs, timer, selftest, crash KIND, halt");
            case "info" -> info();
            case "gc" -> Log.println("GC: " + cpu.gcCollections() + " collections (" + cpu.gcFullCollections()
                    + " full), " + cpu.gcTotalNanos() / 1_000_000 + " ms in all, longest pause "
                    + cpu.gcMaxPauseNanos() / 1_000_000 + " ms, " + cpu.gcAllocations() + " allocations");
            case "selftest" -> SelfTest.run(cpu);
            case "timer" -> timer();
            case "ps" -> ps();
            case "irqs" -> irqs();
            case "crash" -> DeliberateFault.now(words.length > 1 ? words[1] : "");
            case "halt" -> {
                Log.println("halting");
                cpu.shutdown(true);
            }
            default -> Log.println("unknown command '" + words[0] + "'; try 'help'");
        }
    }

    /** Runs the timer at 100 Hz for 50 ticks, idling in between, and compares with the TSC clock. */
    private void timer() {
        cpu.startTimer(100);
        long t0 = cpu.clockNanos();
        long ticks0 = cpu.timerTicks();
        while (cpu.timerTicks() - ticks0 < 50) {
            cpu.idle();
        }
        cpu.maskInterrupt(0);
        Log.println("timer: 50 ticks at " + cpu.timerHz() + " Hz took " + (cpu.clockNanos() - t0) / 1_000_000
                + " ms by the TSC clock");
    }

    private void ps() {
        if (machine == null) {
            Log.println("no processes (no user image)");
            return;
        }
        for (Process p = machine.processes.init(); p != null; p = Processes.next(p, null)) {
            Log.println("  ".repeat(p.depth()) + p.pid() + " " + p.program() + " " + p.state()
                    + (p.alive() ? "" : " code " + p.exitCode()));
        }
    }

    private void irqs() {
        StringBuilder sb = new StringBuilder("interrupts by line:");
        for (int irq = 0; irq < 16; irq++) {
            if (cpu.irqCount(irq) > 0) {
                sb.append(" ").append(irq).append(":").append(cpu.irqCount(irq));
            }
        }
        Log.println(sb.toString());
    }

    private void info() {
        Log.println(Version.NAME);
        Log.println("uptime " + Kernel.millis(cpu.clockNanos()) + " ms; command line: " + cmd.raw());
        for (Multiboot.MemoryRegion r : boot.memoryMap) {
            Log.println("  memory " + Kernel.hex(r.base) + " + " + (r.length >> 10) + " KiB "
                    + (r.usable() ? "usable" : "reserved (type " + r.type + ")"));
        }
        Log.println("  CR0 " + Kernel.hex(cpu.cr0()) + " CR3 " + Kernel.hex(cpu.cr3()) + " CR4 " + Kernel.hex(cpu.cr4()));
        Log.println("  malloc in use " + cpu.mallocInUse() + " bytes");
    }
}
