package oolong.kernel.mem;

/**
 * A memory system over simulated RAM, for host tests (here and in other packages): like the guest,
 * frames below 1 MiB and a "kernel image" from 1 MiB are excluded, and the kernel's boot page
 * tables live in that image: a PML4 whose entry 0 points to a PDPT whose entry 0 points to a page
 * directory identity-mapping [0, 1 GiB) with 2 MiB supervisor pages.
 */
public final class SimulatedMachine {
    /** Where the simulated kernel image starts and ends (its boot page tables are at its start). */
    public static final long KERNEL_START = 0x10_0000L;
    public static final long KERNEL_END = 0x20_0000L;
    public static final long KERNEL_PML4 = KERNEL_START;
    public static final long KERNEL_PDPT = KERNEL_START + 0x1000;
    public static final long KERNEL_PD = KERNEL_START + 0x2000;

    public final ArrayPhysicalMemory memory;
    public final FrameAllocator frames;
    public final RecordingTlb tlb;
    public final MemoryManager manager;

    /**
     * @param ramBytes RAM size (at most 1 GiB is used)
     * @param reserved extra excluded ranges as start/end pairs (e.g. where a test puts a "module")
     */
    public SimulatedMachine(long ramBytes, long... reserved) {
        memory = new ArrayPhysicalMemory(ramBytes);
        FrameAllocator.Builder b = new FrameAllocator.Builder().usable(0, ramBytes).exclude(0, 0x10_0000L)
                .exclude(KERNEL_START, KERNEL_END);
        for (int i = 0; i + 1 < reserved.length; i += 2) {
            b.exclude(reserved[i], reserved[i + 1]);
        }
        frames = b.build();
        memory.putLong(KERNEL_PML4, KERNEL_PDPT | Pte.PRESENT | Pte.WRITABLE);
        memory.putLong(KERNEL_PDPT, KERNEL_PD | Pte.PRESENT | Pte.WRITABLE);
        for (int i = 0; i < 512; i++) {
            memory.putLong(KERNEL_PD + 8L * i, ((long) i << 21) | Pte.PRESENT | Pte.WRITABLE | Pte.HUGE);
        }
        tlb = new RecordingTlb(KERNEL_PML4);
        manager = new MemoryManager(memory, frames, tlb, KERNEL_PML4, KERNEL_PD);
    }

    /** Copies bytes into simulated RAM (e.g. an ELF image at a reserved address). */
    public void load(long address, byte[] bytes) {
        memory.write(address, bytes, 0, bytes.length);
    }
}
