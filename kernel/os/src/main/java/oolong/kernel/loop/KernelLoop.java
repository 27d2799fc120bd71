package oolong.kernel.loop;

import oolong.kernel.core.Machine;
import oolong.kernel.platform.Platform;

/**
 * The kernel's one loop. Java never runs in interrupt context: the C layer acknowledges
 * interrupts and records them; this loop takes the recorded ones, lets each device's handler do
 * its work, runs user processes, and halts the CPU when there is nothing to do.
 *
 * One turn of the loop does, in this order: the recorded interrupts' handlers; the pollers (the
 * agent, whether or not its interrupt got through); one slice of a long job (a benchmark); and
 * at most one scheduling decision followed by one run of a user process until it traps (the timer
 * ends that run within a tick). So the agent is served between any two scheduling decisions and
 * never waits behind more than one; a decision's cost is bounded by the policy's instruction
 * budget, whose largest value keeps it well under a tick (docs/scheduler.md).
 */
public final class KernelLoop {
    /** Work for one interrupt line, run from the loop. */
    public interface IrqHandler {
        void handle();
    }

    /**
     * Long work cut into slices (a benchmark the agent runs): each call does a bounded piece and
     * says whether more remains. While one is pending the loop does not halt.
     */
    public interface Job {
        boolean step();
    }

    private final Platform platform;
    private final IrqHandler[] handlers = new IrqHandler[16];
    private final Runnable[] pollers = new Runnable[4];
    private int pollerCount;
    private Job job;
    private long iterations;
    private long idles;

    public KernelLoop(Platform platform) {
        this.platform = platform;
    }

    /** Installs a handler for an IRQ line (0..15) and unmasks it. */
    public void onIrq(int irq, IrqHandler handler) {
        handlers[irq] = handler;
        platform.unmaskInterrupt(irq);
    }

    /**
     * Work checked on every turn, not only when its interrupt is taken. The timer's interrupt has
     * the highest priority at the PIC: when every stay in the kernel outlasts a tick (a costly
     * policy), a pending timer interrupt is taken first at every return to user mode and a
     * device's interrupt may wait behind it indefinitely. A poller must be cheap when idle.
     */
    public void addPoller(Runnable poller) {
        pollers[pollerCount++] = poller;
    }

    /** Starts a job; false if one is already running (there is at most one). */
    public boolean submit(Job next) {
        if (job != null) {
            return false;
        }
        job = next;
        return true;
    }

    /** Drops the running job (its requester went away). */
    public void cancelJob() {
        job = null;
    }

    public boolean jobRunning() {
        return job != null;
    }

    /** Runs the handlers of every interrupt that fired since the last call; returns whether any did. */
    public boolean dispatchInterrupts() {
        int pending = platform.takePendingInterrupts();
        if (pending == 0) {
            return false;
        }
        for (int irq = 0; irq < 16; irq++) {
            if ((pending & (1 << irq)) != 0 && handlers[irq] != null) {
                handlers[irq].handle();
                platform.unmaskInterrupt(irq);     /* the C layer masked it when it fired (see kernel/cpu.c) */
            }
        }
        return true;
    }

    private void poll() {
        for (int i = 0; i < pollerCount; i++) {
            pollers[i].run();
        }
    }

    private void stepJob() {
        Job j = job;
        if (j != null && !j.step() && job == j) {
            job = null;
        }
    }

    /**
     * Runs forever: handle recorded interrupts and pollers, a slice of the job, run a user process
     * until it traps, and halt when nothing is runnable, no job waits and no interrupt is pending.
     * Without a machine it only serves devices.
     */
    public void run(Machine machine) {
        while (true) {
            turn(machine);
        }
    }

    /** One turn of the loop (see the class comment); returns whether a user process ran. */
    public boolean turn(Machine machine) {
        iterations++;
        dispatchInterrupts();
        poll();
        stepJob();
        if (machine != null && !machine.holding() && machine.runOnce()) {
            return true;
        }
        if (!dispatchInterrupts() && job == null) {
            idles++;
            platform.idle();
        }
        return false;
    }

    public long iterations() {
        return iterations;
    }

    public long idles() {
        return idles;
    }
}
