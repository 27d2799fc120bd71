package oolong.kernel.arch;

import org.teavm.interop.Import;
import org.teavm.interop.c.Include;

/**
 * The C/asm intrinsics the Java kernel calls (boot/src/main/native/include/oolong/intrinsics.h).
 * This class is the only door from Java to the hardware besides {@link org.teavm.interop.Address};
 * everything hardware-specific in Java lives in this package or in oolong.kernel.dev.
 */
public final class Cpu {
    private static final String HEADER = "oolong/intrinsics.h";

    private Cpu() {
    }

    @Import(name = "k_outb") @Include(value = HEADER, isSystem = false)
    public static native void outb(int port, int value);

    @Import(name = "k_inb") @Include(value = HEADER, isSystem = false)
    public static native int inb(int port);

    @Import(name = "k_outw") @Include(value = HEADER, isSystem = false)
    public static native void outw(int port, int value);

    @Import(name = "k_inw") @Include(value = HEADER, isSystem = false)
    public static native int inw(int port);

    @Import(name = "k_outl") @Include(value = HEADER, isSystem = false)
    public static native void outl(int port, int value);

    @Import(name = "k_inl") @Include(value = HEADER, isSystem = false)
    public static native int inl(int port);

    @Import(name = "k_rdtsc") @Include(value = HEADER, isSystem = false)
    public static native long rdtsc();

    @Import(name = "k_tsc_hz") @Include(value = HEADER, isSystem = false)
    public static native long tscHz();

    /** Monotonic nanoseconds since boot. */
    @Import(name = "k_clock_ns") @Include(value = HEADER, isSystem = false)
    public static native long clockNanos();

    @Import(name = "k_boot_epoch_seconds") @Include(value = HEADER, isSystem = false)
    public static native long bootEpochSeconds();

    @Import(name = "k_multiboot_magic") @Include(value = HEADER, isSystem = false)
    public static native int multibootMagic();

    @Import(name = "k_multiboot_info") @Include(value = HEADER, isSystem = false)
    public static native long multibootInfo();

    @Import(name = "k_image_start") @Include(value = HEADER, isSystem = false)
    public static native long imageStart();

    @Import(name = "k_image_end") @Include(value = HEADER, isSystem = false)
    public static native long imageEnd();

    /** Start of the memory given to the Java runtime (heap and malloc). */
    @Import(name = "k_arena_start") @Include(value = HEADER, isSystem = false)
    public static native long arenaStart();

    @Import(name = "k_arena_end") @Include(value = HEADER, isSystem = false)
    public static native long arenaEnd();

    @Import(name = "k_read_cr0") @Include(value = HEADER, isSystem = false)
    public static native long cr0();

    @Import(name = "k_read_cr2") @Include(value = HEADER, isSystem = false)
    public static native long cr2();

    @Import(name = "k_read_cr3") @Include(value = HEADER, isSystem = false)
    public static native long cr3();

    @Import(name = "k_read_cr4") @Include(value = HEADER, isSystem = false)
    public static native long cr4();

    /** Loads CR3 (the PML4's physical address): switches address space and flushes the non-global TLB. */
    @Import(name = "k_write_cr3") @Include(value = HEADER, isSystem = false)
    public static native void writeCr3(long pml4);

    /** Drops the TLB entry for one virtual page of the current address space. */
    @Import(name = "k_invlpg") @Include(value = HEADER, isSystem = false)
    public static native void invlpg(long virtualAddress);

    /** Zeroes {@code length} bytes at (identity-mapped) {@code address}: memset. */
    @Import(name = "k_memzero") @Include(value = HEADER, isSystem = false)
    public static native void memzero(long address, long length);

    /** Copies {@code length} bytes between non-overlapping identity-mapped ranges: memcpy. */
    @Import(name = "k_memcopy") @Include(value = HEADER, isSystem = false)
    public static native void memcopy(long destination, long source, long length);

    @Import(name = "k_gc_collections") @Include(value = HEADER, isSystem = false)
    public static native long gcCollections();

    @Import(name = "k_gc_full_collections") @Include(value = HEADER, isSystem = false)
    public static native long gcFullCollections();

    @Import(name = "k_gc_total_ns") @Include(value = HEADER, isSystem = false)
    public static native long gcTotalNanos();

    @Import(name = "k_gc_max_pause_ns") @Include(value = HEADER, isSystem = false)
    public static native long gcMaxPauseNanos();

    @Import(name = "k_gc_allocations") @Include(value = HEADER, isSystem = false)
    public static native long gcAllocations();

    /** The pause of collection n (0 = the first since boot), in ns; -1 once the ring has dropped it. */
    @Import(name = "k_gc_pause_ns") @Include(value = HEADER, isSystem = false)
    public static native long gcPauseNanos(long n);

    /** How many recent pauses the ring keeps. */
    @Import(name = "k_gc_pause_ring") @Include(value = HEADER, isSystem = false)
    public static native long gcPauseRing();

    /** Time spent in a GC phase over all collections: 0 mark, 1 sweep, 2 defragmentation; 3: how many collections compacted. */
    @Import(name = "k_gc_phase_ns") @Include(value = HEADER, isSystem = false)
    public static native long gcPhaseNanos(int phase);

    @Import(name = "k_malloc_in_use") @Include(value = HEADER, isSystem = false)
    public static native long mallocInUse();

    /** Zeroed, identity-mapped, never-moving memory for device rings and buffers; 0 when exhausted. */
    @Import(name = "k_dma_alloc") @Include(value = HEADER, isSystem = false)
    public static native long dmaAlloc(long size, long align);

    @Import(name = "k_dma_used") @Include(value = HEADER, isSystem = false)
    public static native long dmaUsed();

    @Import(name = "k_memory_barrier") @Include(value = HEADER, isSystem = false)
    public static native void memoryBarrier();

    @Import(name = "k_halt") @Include(value = HEADER, isSystem = false)
    public static native void halt();

    /** Sets up segments, the TSS, interrupt routing and the SYSCALL entry for user processes. */
    @Import(name = "k_cpu_init") @Include(value = HEADER, isSystem = false)
    public static native void initUserMode();

    /**
     * Runs a user process until it traps back into the kernel. The argument is the physical (=
     * kernel virtual) address of its saved context ({@link UserContext}); returns the event
     * ({@link UserContext#EVENT_SYSCALL}, {@link UserContext#EVENT_IRQ}, {@link UserContext#EVENT_FAULT}).
     */
    @Import(name = "k_run_user") @Include(value = HEADER, isSystem = false)
    public static native int runUser(long context);

    /** Enables interrupts, halts until one arrives, disables them again. */
    @Import(name = "k_idle") @Include(value = HEADER, isSystem = false)
    public static native void idle();

    @Import(name = "k_timer_start") @Include(value = HEADER, isSystem = false)
    public static native void startTimer(int hz);

    @Import(name = "k_timer_hz") @Include(value = HEADER, isSystem = false)
    public static native int timerHz();

    /** Timer interrupts since the timer started. */
    @Import(name = "k_timer_ticks") @Include(value = HEADER, isSystem = false)
    public static native long timerTicks();

    /** The IRQ lines (bit n = IRQ n) that fired since the last call; clears them. */
    @Import(name = "k_take_pending_irqs") @Include(value = HEADER, isSystem = false)
    public static native int takePendingIrqs();

    /** The IRQ lines that fired and wait for the loop, without taking them. */
    @Import(name = "k_pending_irqs") @Include(value = HEADER, isSystem = false)
    public static native int pendingIrqs();

    @Import(name = "k_irq_count") @Include(value = HEADER, isSystem = false)
    public static native long irqCount(int irq);

    @Import(name = "k_irq_unmask") @Include(value = HEADER, isSystem = false)
    public static native void unmaskIrq(int irq);

    @Import(name = "k_irq_mask") @Include(value = HEADER, isSystem = false)
    public static native void maskIrq(int irq);

    /** Tells the C layer which process runs, for its CPU-exception reports (0: none). */
    @Import(name = "k_set_current_pid") @Include(value = HEADER, isSystem = false)
    public static native void setCurrentPid(int pid);

    /** Signals QEMU's pvpanic device and ends the run; the caller prints the report first. */
    @Import(name = "k_panic_exit") @Include(value = HEADER, isSystem = false)
    public static native void panicExit(int code);

    /** Ends the run with one of the {@link QemuExitCode} values; never returns under QEMU. */
    @Import(name = "k_exit_qemu") @Include(value = HEADER, isSystem = false)
    public static native void exitQemu(int code);

    /**
     * Whether the kernel's thread-local state is its own: 0 when the FS base (musl's thread
     * pointer) is the kernel's and errno's address is the one it had at start-up; bit 1 set when
     * the FS base differs, bit 2 when errno lives elsewhere (in a user process's memory, if the
     * process's FS base were left loaded after user mode).
     */
    @Import(name = "k_thread_pointer_check") @Include(value = HEADER, isSystem = false)
    public static native int threadPointerCheck();

    /** The FS base loaded now. */
    @Import(name = "k_fs_base") @Include(value = HEADER, isSystem = false)
    public static native long fsBase();

    /** The kernel's own FS base (set by musl's start-up code). */
    @Import(name = "k_kernel_thread_pointer") @Include(value = HEADER, isSystem = false)
    public static native long kernelThreadPointer();
}
