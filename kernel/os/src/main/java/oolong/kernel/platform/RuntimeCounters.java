package oolong.kernel.platform;

/**
 * What the Java runtime and the machine count, read for the agent's {@code stats} and
 * {@code check} and the serial console: garbage collections (with a ring of recent pauses), the
 * C heap, device memory, interrupts per line, and whether the kernel's thread pointer is its own.
 */
public interface RuntimeCounters {
    /** Seconds since 1970 when the machine booted (the CMOS clock). */
    long bootEpochSeconds();

    /** Interrupts taken on an IRQ line since boot. */
    long irqCount(int irq);

    long gcCollections();

    long gcFullCollections();

    long gcTotalNanos();

    long gcMaxPauseNanos();

    long gcAllocations();

    /** The pause of collection n (0 = the first since boot), in ns; -1 once the ring has dropped it. */
    long gcPauseNanos(long n);

    /** How many recent pauses the ring keeps. */
    long gcPauseRing();

    /**
     * Time spent in a GC phase over all collections: 0 mark, 1 sweep, 2 defragmentation; 3 is the
     * number of collections that defragmented (every one since issue 13).
     */
    long gcPhaseNanos(int phase);

    long mallocInUse();

    /** Bytes of memory handed to devices (rings and buffers). */
    long dmaUsed();

    /**
     * 0 when the kernel's thread-local state is its own (its FS base loaded, errno where it was at
     * start-up); bit 1 set when the FS base differs, bit 2 when errno lives elsewhere.
     */
    int threadPointerCheck();

    /** The FS base loaded now. */
    long fsBase();

    /** The kernel's own FS base. */
    long kernelThreadPointer();
}
