package oolong.repl.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import oolong.qmp.TlbEntry;

/**
 * The comparison behind {@code k.verifyPages(pid)}: the kernel's page list for a process against
 * the CPU's own translation of the same page tables (QEMU's {@code info tlb}), page by page, both
 * ways. Every user page the kernel lists must be there with the same frame, writable bit,
 * user bit and executability; the hardware must map no user page the kernel does not list.
 * Kernel pages (below {@link #USER_SPACE_START}, the same in every address space) are not compared.
 */
public final class PageComparison {
    /** Where user space starts (1 GiB; docs/architecture.md's memory map). */
    public static final long USER_SPACE_START = 0x4000_0000L;

    static final long PAGE = 4096;

    private PageComparison() {
    }

    /** Compares the kernel's view with the hardware's; {@code cr3} is the page tables both describe. */
    public static PageCheck compare(int pid, long cr3, PageMap kernel, List<TlbEntry> hardware) {
        Map<Long, TlbEntry> byPage = new HashMap<>();
        for (TlbEntry e : hardware) {
            if (Long.compareUnsigned(e.virtualAddress(), USER_SPACE_START) >= 0) {
                byPage.put(e.virtualAddress(), e);
            }
        }
        List<String> diffs = new ArrayList<>();
        int compared = 0;
        for (PageMap.Mapping m : kernel.mappings()) {
            boolean writable = m.flags().length() > 1 && m.flags().charAt(1) == 'w';
            boolean executable = m.flags().length() > 2 && m.flags().charAt(2) == 'x';
            for (long i = 0; i < m.pages(); i++) {
                long va = m.virtualStart() + i * PAGE;
                long pa = m.physicalStart() + i * PAGE;
                compared++;
                TlbEntry e = byPage.remove(va);
                if (e == null) {
                    diffs.add(String.format("0x%x: the kernel maps it to 0x%x, the hardware does not map it", va, pa));
                    continue;
                }
                if (e.physicalAddress() != pa) {
                    diffs.add(String.format("0x%x: the kernel says frame 0x%x, the hardware 0x%x", va, pa, e.physicalAddress()));
                }
                if (e.writable() != writable) {
                    diffs.add(String.format("0x%x: writable %s in the kernel, %s in hardware", va, writable, e.writable()));
                }
                if (!e.user()) {
                    diffs.add(String.format("0x%x: a user page the hardware maps supervisor-only", va));
                }
                if (e.noExecute() == executable) {
                    diffs.add(String.format("0x%x: executable %s in the kernel, %s in hardware", va, executable, !e.noExecute()));
                }
            }
        }
        byPage.values().stream().sorted((a, b) -> Long.compareUnsigned(a.virtualAddress(), b.virtualAddress()))
                .forEach(e -> diffs.add(String.format("0x%x: the hardware maps it to 0x%x, the kernel does not list it",
                        e.virtualAddress(), e.physicalAddress())));
        return new PageCheck(pid, cr3, compared, List.copyOf(diffs));
    }
}
