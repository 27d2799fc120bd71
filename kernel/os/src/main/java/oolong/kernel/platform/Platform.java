package oolong.kernel.platform;

/**
 * What the kernel's core needs from the machine it runs on: a clock and a timer, the interrupt
 * lines the C layer recorded, entering user mode, and ending the run. The core (the machine loop,
 * the system calls, the puppets, the agent's operations) reaches the hardware only through this
 * interface, so it runs on the host under JUnit as it runs in the guest. The x86 implementation
 * is {@code oolong.kernel.arch.X86Platform}; host tests use a simulated one whose "user mode" is a
 * script of system calls, interrupts and faults.
 */
public interface Platform {
    /** {@link #enterUser} came back because the process made a system call. */
    int TRAP_SYSCALL = 1;
    /** ... because an interrupt came (the timer's, a device's): the loop handles it next. */
    int TRAP_INTERRUPT = 2;
    /** ... because of a CPU exception (the vector, error code and CR2 are in the registers). */
    int TRAP_FAULT = 3;

    /** Monotonic nanoseconds since boot. */
    long clockNanos();

    /** Timer interrupts since the timer started. */
    long timerTicks();

    /** The timer's frequency. */
    int timerHz();

    /** The interrupt lines (bit n = IRQ n) that fired and wait for the loop, without taking them. */
    int pendingInterrupts();

    /** The interrupt lines that fired since the last call; clears them (each stays masked until unmasked). */
    int takePendingInterrupts();

    void unmaskInterrupt(int irq);

    /** Halts until an interrupt arrives. */
    void idle();

    /**
     * Registers for a new process starting at ip with stack sp, in a frame taken from frames (so the
     * frame allocator's accounting and fault points see it); null when no frame is left.
     */
    UserRegisters newUserRegisters(FrameSource frames, long ip, long sp);

    /**
     * Runs a process in user mode until it traps back into the kernel; its registers are saved in
     * {@code registers}. Returns {@link #TRAP_SYSCALL}, {@link #TRAP_INTERRUPT} or {@link #TRAP_FAULT}.
     */
    int enterUser(UserRegisters registers);

    /** Which process runs (0: none), for the C layer's CPU-exception reports. */
    void setCurrentPid(int pid);

    /** Ends the run (init has exited): success or failure, as the host sees QEMU's exit status. */
    void shutdown(boolean success);

    /** Ends the run after a kernel panic (the caller printed the report). */
    void panicExit();

    /** The runtime's and the machine's counters, for the agent's statistics and checks. */
    RuntimeCounters counters();
}
