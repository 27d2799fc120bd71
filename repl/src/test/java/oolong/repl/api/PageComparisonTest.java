package oolong.repl.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import oolong.qmp.TlbEntry;
import org.junit.jupiter.api.Test;

/** k.verifyPages's comparison, on page lists and TLB dumps made up here. */
class PageComparisonTest {
    static final long USER = PageComparison.USER_SPACE_START;

    static PageMap map(PageMap.Mapping... mappings) {
        return new PageMap(7, 0x5000, List.of(mappings), null);
    }

    static PageMap.Mapping mapping(long va, long pages, long pa, String flags) {
        return new PageMap.Mapping(va, pages, pa, flags, false);
    }

    /** What the hardware shows for a kernel mapping that it translates faithfully. */
    static List<TlbEntry> hardwareOf(PageMap kernel) {
        List<TlbEntry> out = new ArrayList<>();
        for (PageMap.Mapping m : kernel.mappings()) {
            for (long i = 0; i < m.pages(); i++) {
                String flags = (m.flags().charAt(2) == 'x' ? "-" : "X") + "---A--U" + (m.flags().charAt(1) == 'w' ? "W" : "-");
                out.add(new TlbEntry(m.virtualStart() + i * 4096, m.physicalStart() + i * 4096, flags));
            }
        }
        return out;
    }

    @Test
    void theSameTranslationHasNoDifferenceAndCountsEveryPage() {
        PageMap kernel = map(mapping(USER, 3, 0xa000, "r-xu-"), mapping(USER + 0x10000, 2, 0x20000, "rw-u-"));
        List<TlbEntry> hardware = new ArrayList<>(hardwareOf(kernel));
        hardware.add(new TlbEntry(0x100000, 0x100000, "----A---W"));      /* kernel space: not compared */
        PageCheck c = PageComparison.compare(7, 0x5000, kernel, hardware);
        assertTrue(c.ok(), c.toString());
        assertEquals(5, c.pagesCompared());
        assertEquals("pid 7 (CR3 0x5000): 5 user pages compared with the hardware, no difference", c.toString());
    }

    @Test
    void everyKindOfDifferenceIsNamedWithItsPage() {
        PageMap kernel = map(mapping(USER, 2, 0xa000, "rw-u-"), mapping(USER + 0x4000, 1, 0xc000, "r-xu-"));
        List<TlbEntry> hardware = List.of(
                new TlbEntry(USER, 0xb000, "X---A--UW"),                    /* another frame */
                /* USER + 0x1000 missing */
                new TlbEntry(USER + 0x4000, 0xc000, "X---A---W"),           /* writable, supervisor, NX */
                new TlbEntry(USER + 0x9000, 0xd000, "X---A--U-"));          /* not in the kernel's list */
        PageCheck c = PageComparison.compare(7, 0x5000, kernel, hardware);
        assertEquals(List.of(
                "0x40000000: the kernel says frame 0xa000, the hardware 0xb000",
                "0x40001000: the kernel maps it to 0xb000, the hardware does not map it",
                "0x40004000: writable false in the kernel, true in hardware",
                "0x40004000: a user page the hardware maps supervisor-only",
                "0x40004000: executable true in the kernel, false in hardware",
                "0x40009000: the hardware maps it to 0xd000, the kernel does not list it"), c.differences());
        assertEquals(3, c.pagesCompared());
        assertTrue(c.toString().contains("6 DIFFERENCE(S)"), c.toString());
    }

    @Test
    void theUpperHalfCountsAsUserSpaceToo() {
        long high = 0xffff_8000_0000_0000L;
        PageCheck c = PageComparison.compare(7, 0x5000, map(), List.of(new TlbEntry(high, 0x1000, "X---A--UW")));
        assertEquals(List.of("0xffff800000000000: the hardware maps it to 0x1000, the kernel does not list it"), c.differences());
    }

    @Provide
    Arbitrary<List<PageMap.Mapping>> mappings() {
        Arbitrary<PageMap.Mapping> one = Combinators.combine(Arbitraries.integers().between(1, 8),
                Arbitraries.longs().between(0x100, 0x10000), Arbitraries.of("r--u-", "rw-u-", "r-xu-", "rwxu-", "r--uc"))
                .as((pages, frame, flags) -> mapping(0, pages, frame * 4096, flags));
        return one.list().ofMaxSize(12).map(list -> {
            List<PageMap.Mapping> placed = new ArrayList<>();
            long va = USER;
            for (PageMap.Mapping m : list) {
                placed.add(mapping(va, m.pages(), m.physicalStart(), m.flags()));
                va += (m.pages() + 1) * 4096;           /* a gap between runs */
            }
            return placed;
        });
    }

    @Property(tries = 300)
    void aFaithfulTranslationAgreesAndOneChangedPageIsOneDifference(@ForAll("mappings") List<PageMap.Mapping> ms,
            @ForAll @IntRange(min = 0, max = 1000) int which, @ForAll @IntRange(min = 0, max = 3) int change) {
        PageMap kernel = map(ms.toArray(PageMap.Mapping[]::new));
        List<TlbEntry> hardware = new ArrayList<>(hardwareOf(kernel));
        PageCheck same = PageComparison.compare(7, 0x5000, kernel, hardware);
        assertTrue(same.ok(), same.toString());
        assertEquals(kernel.totalPages(), same.pagesCompared());
        if (hardware.isEmpty()) {
            return;
        }
        int i = which % hardware.size();
        TlbEntry e = hardware.get(i);
        String va = String.format("0x%x", e.virtualAddress());
        switch (change) {
            case 0 -> hardware.remove(i);
            case 1 -> hardware.set(i, new TlbEntry(e.virtualAddress(), e.physicalAddress() + 4096 * 0x20000, e.flags()));
            case 2 -> hardware.set(i, new TlbEntry(e.virtualAddress(), e.physicalAddress(),
                    e.flags().endsWith("W") ? e.flags().replace('W', '-') : e.flags().substring(0, 8) + "W"));
            default -> hardware.set(i, new TlbEntry(e.virtualAddress(), e.physicalAddress(), e.flags().replace("U", "-")));
        }
        PageCheck changed = PageComparison.compare(7, 0x5000, kernel, hardware);
        assertEquals(1, changed.differences().size(), changed.toString());
        assertTrue(changed.differences().get(0).startsWith(va + ":"), changed.toString());
    }
}
