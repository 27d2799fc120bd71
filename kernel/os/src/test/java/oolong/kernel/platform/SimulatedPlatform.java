package oolong.kernel.platform;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * A machine for host tests of the kernel's core. Time stands still until a test (or a process's
 * script) moves it; "user mode" runs the script of the process that enters it: each entry takes its
 * next step, a lambda that may look at the registers (the last system call's result is in RAX),
 * sets them up for the next trap and says how the process came back. A process with no steps left
 * spins: its entry lasts one timer period and comes back with the timer's interrupt, as a real
 * spinning process is preempted.
 */
public final class SimulatedPlatform implements Platform, RuntimeCounters {
    /** One stay of a process in user mode: returns {@link #TRAP_SYSCALL}, {@link #TRAP_INTERRUPT} or {@link #TRAP_FAULT}. */
    public interface Step {
        int run(UserRegisters registers);
    }

    public static final int TIMER_IRQ = 0;

    private final Map<Integer, Deque<Step>> scripts = new HashMap<>();
    private long nanos;
    private long ticks;
    private int hz = 100;
    private int pending;
    private int currentPid;
    private long entries;
    private long idles;
    /** null until the kernel ends the run; then whether it called it a success. */
    private Boolean shutdown;
    private boolean panicked;
    private int threadPointerCheck;
    private final long[] irqCounts = new long[16];

    // ------------------------------------------------------------------ what tests drive

    /** Adds steps to a process's script (they run in order, one per entry into user mode). */
    public SimulatedPlatform script(int pid, Step... steps) {
        Deque<Step> q = scripts.computeIfAbsent(pid, k -> new ArrayDeque<>());
        for (Step s : steps) {
            q.add(s);
        }
        return this;
    }

    /** Steps of a process's script not yet run. */
    public int stepsLeft(int pid) {
        Deque<Step> q = scripts.get(pid);
        return q == null ? 0 : q.size();
    }

    /** A step that makes a system call with the given number and arguments (rdi, rsi, rdx, r10, r8). */
    public static Step syscall(long number, long... args) {
        int[] order = {UserRegisters.RDI, UserRegisters.RSI, UserRegisters.RDX, UserRegisters.R10, UserRegisters.R8};
        return regs -> {
            regs.set(UserRegisters.RAX, number);
            for (int i = 0; i < order.length; i++) {
                regs.set(order[i], i < args.length ? args[i] : 0);
            }
            return TRAP_SYSCALL;
        };
    }

    /** A step that faults: a CPU exception with its vector, error code and CR2. */
    public static Step fault(int vector, long error, long cr2) {
        return regs -> {
            regs.set(UserRegisters.VECTOR, vector);
            regs.set(UserRegisters.ERROR, error);
            regs.set(UserRegisters.CR2, cr2);
            return TRAP_FAULT;
        };
    }

    /** Moves the clock by this much (the timer ticks as the time passes, at {@link #timerHz}). */
    public void advance(long deltaNanos) {
        long period = 1_000_000_000L / hz;
        long before = nanos / period;
        nanos += deltaNanos;
        long after = nanos / period;
        if (after > before) {
            ticks += after - before;
            pending |= 1 << TIMER_IRQ;
            irqCounts[TIMER_IRQ] += after - before;
        }
    }

    /** One timer period passes: the clock moves on and a tick is pending. */
    public void tick() {
        advance(1_000_000_000L / hz);
    }

    public void raiseInterrupt(int irq) {
        pending |= 1 << irq;
        irqCounts[irq]++;
    }

    public void setTimerHz(int hz) {
        this.hz = hz;
    }

    public void setThreadPointerCheck(int value) {
        threadPointerCheck = value;
    }

    public long entries() {
        return entries;
    }

    public long idles() {
        return idles;
    }

    /** null while the run goes on; true or false once the kernel shut down. */
    public Boolean shutdownSuccess() {
        return shutdown;
    }

    public boolean panicked() {
        return panicked;
    }

    public int currentPid() {
        return currentPid;
    }

    // ------------------------------------------------------------------ Platform

    @Override
    public long clockNanos() {
        return nanos;
    }

    @Override
    public long timerTicks() {
        return ticks;
    }

    @Override
    public int timerHz() {
        return hz;
    }

    @Override
    public int pendingInterrupts() {
        return pending;
    }

    @Override
    public int takePendingInterrupts() {
        int p = pending;
        pending = 0;
        return p;
    }

    @Override
    public void unmaskInterrupt(int irq) {
    }

    /** Idling lasts until the next tick. */
    @Override
    public void idle() {
        idles++;
        tick();
    }

    @Override
    public UserRegisters newUserRegisters(FrameSource frames, long ip, long sp) {
        return SimulatedRegisters.create(frames, ip, sp);
    }

    @Override
    public int enterUser(UserRegisters registers) {
        entries++;
        Deque<Step> q = scripts.get(currentPid);
        Step step = q == null ? null : q.poll();
        if (step == null) {
            tick();
            return TRAP_INTERRUPT;
        }
        return step.run(registers);
    }

    @Override
    public void setCurrentPid(int pid) {
        currentPid = pid;
    }

    @Override
    public void shutdown(boolean success) {
        shutdown = success;
    }

    @Override
    public void panicExit() {
        panicked = true;
    }

    @Override
    public RuntimeCounters counters() {
        return this;
    }

    // ------------------------------------------------------------------ RuntimeCounters

    @Override
    public long bootEpochSeconds() {
        return 1_764_547_200L;
    }

    @Override
    public long irqCount(int irq) {
        return irqCounts[irq];
    }

    @Override
    public long gcCollections() {
        return 3;
    }

    @Override
    public long gcFullCollections() {
        return 1;
    }

    @Override
    public long gcTotalNanos() {
        return 600_000;
    }

    @Override
    public long gcMaxPauseNanos() {
        return 300_000;
    }

    @Override
    public long gcAllocations() {
        return 1000;
    }

    /** Three collections of 100, 200 and 300 us, all still in the ring. */
    @Override
    public long gcPauseNanos(long n) {
        return n >= 0 && n < 3 ? (n + 1) * 100_000 : -1;
    }

    @Override
    public long gcPauseRing() {
        return 1024;
    }

    @Override
    public long gcPhaseNanos(int phase) {
        return 200_000;
    }

    @Override
    public long mallocInUse() {
        return 4096;
    }

    @Override
    public long dmaUsed() {
        return 8192;
    }

    @Override
    public int threadPointerCheck() {
        return threadPointerCheck;
    }

    @Override
    public long fsBase() {
        return threadPointerCheck == 0 ? 0x1000 : 0x4000_0000L;
    }

    @Override
    public long kernelThreadPointer() {
        return 0x1000;
    }
}
