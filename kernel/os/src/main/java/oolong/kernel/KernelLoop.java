package oolong.kernel;

import oolong.kernel.arch.Cpu;

/**
 * The kernel's one loop. Java never runs in interrupt context: the C layer acknowledges
 * interrupts and records them; this loop takes the recorded ones, lets each device's handler do
 * its work, runs user processes, and halts the CPU when there is nothing to do.
 */
public final class KernelLoop {
    /** Work for one interrupt line, run from the loop. */
    public interface IrqHandler {
        void handle();
    }

    private final IrqHandler[] handlers = new IrqHandler[16];
    private long iterations;
    private long idles;

    /** Installs a handler for an IRQ line (0..15) and unmasks it. */
    public void onIrq(int irq, IrqHandler handler) {
        handlers[irq] = handler;
        Cpu.unmaskIrq(irq);
    }

    /** Runs the handlers of every interrupt that fired since the last call; returns whether any did. */
    public boolean dispatchInterrupts() {
        int pending = Cpu.takePendingIrqs();
        if (pending == 0) {
            return false;
        }
        for (int irq = 0; irq < 16; irq++) {
            if ((pending & (1 << irq)) != 0 && handlers[irq] != null) {
                handlers[irq].handle();
                Cpu.unmaskIrq(irq);     /* the C layer masked it when it fired (see kernel/cpu.c) */
            }
        }
        return true;
    }

    /**
     * Runs forever: handle recorded interrupts, run a user process until it traps, and halt when
     * nothing is runnable and no interrupt is waiting. Without a machine it only serves devices.
     */
    public void run(oolong.kernel.core.Machine machine) {
        while (true) {
            iterations++;
            dispatchInterrupts();
            if (machine != null && !machine.holding() && machine.runOnce()) {
                continue;
            }
            if (!dispatchInterrupts()) {
                idles++;
                Cpu.idle();
            }
        }
    }

    public long iterations() {
        return iterations;
    }

    public long idles() {
        return idles;
    }
}
