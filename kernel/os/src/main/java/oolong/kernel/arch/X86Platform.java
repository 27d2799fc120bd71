package oolong.kernel.arch;

import oolong.kernel.platform.ContextSlots;
import oolong.kernel.platform.FrameSource;
import oolong.kernel.platform.Platform;
import oolong.kernel.platform.RuntimeCounters;
import oolong.kernel.platform.UserRegisters;

/**
 * The machine the kernel runs on, for the core: x86-64 under QEMU, through the C layer's
 * intrinsics ({@link Cpu}). Each method is one intrinsic; the core never calls {@link Cpu} itself.
 */
public final class X86Platform implements Platform, RuntimeCounters {
    public static final X86Platform INSTANCE = new X86Platform();
    /* the saved-register slots of every process, five to a frame of the one frame source */
    private ContextSlots contextSlots;
    private FrameSource contextFrames;

    private X86Platform() {
    }

    // ------------------------------------------------------------------ for the entry point and the console

    /** Sets up segments, the TSS, interrupt routing and the SYSCALL entry for user processes. */
    public void initUserMode() {
        Cpu.initUserMode();
    }

    /** Starts the timer at hz (it keeps its tick count). */
    public void startTimer(int hz) {
        Cpu.startTimer(hz);
    }

    public void maskInterrupt(int irq) {
        Cpu.maskIrq(irq);
    }

    public long tscHz() {
        return Cpu.tscHz();
    }

    public long cr0() {
        return Cpu.cr0();
    }

    public long cr3() {
        return Cpu.cr3();
    }

    public long cr4() {
        return Cpu.cr4();
    }

    /** Zeroed, identity-mapped, never-moving memory for device rings and buffers; 0 when exhausted. */
    public long dmaAlloc(long size, long align) {
        return Cpu.dmaAlloc(size, align);
    }

    // ------------------------------------------------------------------ Platform

    @Override
    public long clockNanos() {
        return Cpu.clockNanos();
    }

    @Override
    public long timerTicks() {
        return Cpu.timerTicks();
    }

    @Override
    public int timerHz() {
        return Cpu.timerHz();
    }

    @Override
    public int pendingInterrupts() {
        return Cpu.pendingIrqs();
    }

    @Override
    public int takePendingInterrupts() {
        return Cpu.takePendingIrqs();
    }

    @Override
    public void unmaskInterrupt(int irq) {
        Cpu.unmaskIrq(irq);
    }

    @Override
    public void idle() {
        Cpu.idle();
    }

    @Override
    public UserRegisters newUserRegisters(FrameSource frames, long ip, long sp) {
        if (contextSlots == null || contextFrames != frames) {
            contextSlots = new ContextSlots(IdentityMappedMemory.INSTANCE, frames, UserContext.SIZE);
            contextFrames = frames;
        }
        return ContextFrame.create(contextSlots, ip, sp);
    }

    /* UserContext's EVENT_* values are Platform's TRAP_* values (the C entry code's numbers) */
    @Override
    public int enterUser(UserRegisters registers) {
        return Cpu.runUser(((ContextFrame) registers).address());
    }

    @Override
    public void setCurrentPid(int pid) {
        Cpu.setCurrentPid(pid);
    }

    @Override
    public void shutdown(boolean success) {
        Cpu.exitQemu(success ? QemuExitCode.SUCCESS : QemuExitCode.FAILURE);
    }

    @Override
    public void panicExit() {
        Cpu.panicExit(QemuExitCode.PANIC);
    }

    @Override
    public RuntimeCounters counters() {
        return this;
    }

    @Override
    public long bootEpochSeconds() {
        return Cpu.bootEpochSeconds();
    }

    @Override
    public long irqCount(int irq) {
        return Cpu.irqCount(irq);
    }

    @Override
    public long gcCollections() {
        return Cpu.gcCollections();
    }

    @Override
    public long gcFullCollections() {
        return Cpu.gcFullCollections();
    }

    @Override
    public long gcTotalNanos() {
        return Cpu.gcTotalNanos();
    }

    @Override
    public long gcMaxPauseNanos() {
        return Cpu.gcMaxPauseNanos();
    }

    @Override
    public long gcAllocations() {
        return Cpu.gcAllocations();
    }

    @Override
    public long gcPauseNanos(long n) {
        return Cpu.gcPauseNanos(n);
    }

    @Override
    public long gcPauseRing() {
        return Cpu.gcPauseRing();
    }

    @Override
    public long gcPhaseNanos(int phase) {
        return Cpu.gcPhaseNanos(phase);
    }

    @Override
    public long mallocInUse() {
        return Cpu.mallocInUse();
    }

    @Override
    public long dmaUsed() {
        return Cpu.dmaUsed();
    }

    @Override
    public int threadPointerCheck() {
        return Cpu.threadPointerCheck();
    }

    @Override
    public long fsBase() {
        return Cpu.fsBase();
    }

    @Override
    public long kernelThreadPointer() {
        return Cpu.kernelThreadPointer();
    }
}
