package oolong.kernel.arch;

import oolong.api.sched.jit.CompiledCode;
import oolong.api.sched.jit.NativeCode;
import oolong.kernel.platform.CodeMemory;
import org.teavm.interop.Address;

/**
 * Kernel pages for compiled code, kept W^X: a page of the arena (kernel/jitmem.c, in the image's
 * .bss) is either writable and not executable (free, or being written) or executable and not
 * writable (holding code). The boot stub maps the kernel's first GiB with 2 MiB pages, writable
 * and executable; on first use the 2 MiB pages covering the arena are split into 4 KiB pages
 * (tables from jitmem.c) that map the same memory with the same rights, except the arena's,
 * which start writable and not executable. The kernel's page directory is shared by every address
 * space, so the code is mapped wherever a decision runs.
 */
public final class X86CodeMemory implements CodeMemory {
    private static final long PRESENT = 1, WRITABLE = 2, LARGE = 1L << 7, NX = 1L << 63;
    private static final long ADDRESS = 0x000F_FFFF_FFFF_F000L;
    private static final long PAGE = 4096, LARGE_PAGE = 2L << 20;

    private final long arena = JitCalls.arena();
    private final int pageCount = (int) (JitCalls.arenaBytes() / PAGE);
    private final boolean[] used = new boolean[pageCount];
    private int usedPages;
    private boolean split;

    @Override
    public NativeCode load(CompiledCode code) {
        byte[] bytes = code.bytes();
        int n = (int) ((bytes.length + PAGE - 1) / PAGE);
        int first = findFree(n);
        if (first < 0) {
            return null;
        }
        splitArena();
        long start = arena + first * PAGE;
        for (int i = 0; i < n; i++) {
            used[first + i] = true;
            setPage(start + i * PAGE, WRITABLE | NX);           /* free pages are so already; say it */
        }
        usedPages += n;
        Cpu.memzero(start, n * PAGE);
        Cpu.memcopy(start, Address.ofData(bytes).toLong(), bytes.length);
        for (int i = 0; i < n; i++) {
            setPage(start + i * PAGE, 0);                        /* executable, no longer writable */
        }
        return new X86NativeCode(this, start, n, start + code.entryOffset());
    }

    @Override
    public long freeBytes() {
        return (pageCount - usedPages) * PAGE;
    }

    void free(long start, int pages) {
        for (int i = 0; i < pages; i++) {
            setPage(start + i * PAGE, WRITABLE | NX);
            used[(int) ((start - arena) / PAGE) + i] = false;
        }
        usedPages -= pages;
    }

    private int findFree(int n) {
        int run = 0;
        for (int i = 0; i < pageCount; i++) {
            run = used[i] ? 0 : run + 1;
            if (run == n) {
                return i - n + 1;
            }
        }
        return -1;
    }

    /** The kernel's page directory, the one boot.S built (PML4[0] -> PDPT, PDPT[0] -> PD). */
    private static long kernelPd() {
        long pml4 = Cpu.cr3() & ADDRESS;
        long pdpt = Address.fromLong(pml4).getLong() & ADDRESS;
        return Address.fromLong(pdpt).getLong() & ADDRESS;
    }

    /** Replaces the 2 MiB pages covering the arena with 4 KiB ones, once. */
    private void splitArena() {
        if (split) {
            return;
        }
        split = true;
        long pd = kernelPd();
        long tables = JitCalls.tables();
        long firstLarge = arena / LARGE_PAGE;
        long lastLarge = (arena + pageCount * PAGE - 1) / LARGE_PAGE;
        for (long large = firstLarge; large <= lastLarge; large++) {
            long pdeAt = pd + large * 8;
            long pde = Address.fromLong(pdeAt).getLong();
            if ((pde & LARGE) == 0) {
                continue;                                          /* already a 4 KiB table */
            }
            long table = tables + (large - firstLarge) * PAGE;
            long rights = pde & (0x1F | NX);                     /* P W U PWT PCD, and NX */
            long base = pde & ADDRESS & ~(LARGE_PAGE - 1);
            for (int i = 0; i < 512; i++) {
                long page = base + i * PAGE;
                boolean inArena = page >= arena && page < arena + pageCount * PAGE;
                Address.fromLong(table + i * 8L).putLong(page | (inArena ? PRESENT | WRITABLE | NX : rights));
            }
            Address.fromLong(pdeAt).putLong(table | PRESENT | WRITABLE);
        }
        Cpu.writeCr3(Cpu.cr3());                               /* drop the 2 MiB translations */
    }

    /** Sets the 4 KiB page's rights (PRESENT always; WRITABLE, NX as given) and drops its translation. */
    private void setPage(long page, long rights) {
        long pd = kernelPd();
        long table = Address.fromLong(pd + (page / LARGE_PAGE) * 8).getLong() & ADDRESS;
        Address.fromLong(table + ((page / PAGE) % 512) * 8).putLong(page | PRESENT | rights);
        Cpu.invlpg(page);
    }
}
