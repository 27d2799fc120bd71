package oolong.kernel.fault;

import oolong.kernel.platform.Platform;

/**
 * What the kernel-spin fault point does when it fires: the kernel loops forever, with interrupts
 * off, in the middle of a timer tick. The agent and the console stop answering; only the host's
 * views through QEMU (registers, memory, vm.backtrace()) still see it: the point exists to
 * practise, and test, diagnosing a hung kernel (docs/introspection.md).
 */
public final class KernelSpin {
    /** Counts the loop's turns, so a debugger reading memory sees the kernel is alive but stuck. */
    static long turns;
    /** The clock at the last turn. */
    static long lastTurnNanos;

    private KernelSpin() {
    }

    public static void forever(Platform platform) {
        while (true) {
            turns++;
            /* a call each turn keeps it a real loop with its Java lines (an empty one compiles to "jmp ."),
               like a kernel waiting for a deadline that never comes */
            lastTurnNanos = platform.clockNanos();
        }
    }
}
