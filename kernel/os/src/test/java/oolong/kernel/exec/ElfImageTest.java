package oolong.kernel.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import oolong.kernel.mem.MemStatus;
import oolong.kernel.mem.Pte;
import oolong.kernel.mem.Region;
import oolong.kernel.mem.SimulatedMachine;
import oolong.kernel.mem.UserAddressSpace;
import oolong.kernel.mem.UserLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ElfImageTest {
    static final long PAGE = 4096;
    /** Where tests put the "module": page-aligned, excluded from the allocator, like QEMU's modules. */
    static final long MODULE = 0x40_0000L;

    /** The snapshot in test resources, plus the freshly built image when the boot module has built one. */
    static Stream<Arguments> userImages() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = ElfImageTest.class.getResourceAsStream("user.elf")) {
            out.add(Arguments.of("snapshot", in.readAllBytes()));
        }
        Path built = Path.of("../../boot/target/images/user.elf");
        if (Files.isRegularFile(built)) {
            out.add(Arguments.of("build", Files.readAllBytes(built)));
        }
        return out.stream();
    }

    static SimulatedMachine machineWith(byte[] file) {
        SimulatedMachine m = new SimulatedMachine(64L << 20, MODULE, MODULE + file.length);
        m.load(MODULE, file);
        return m;
    }

    static ElfImage parse(SimulatedMachine m, byte[] file) throws ElfException {
        return ElfImage.parse(m.memory, MODULE, file.length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("userImages")
    void theUserImageParses(String which, byte[] file) throws Exception {
        ElfImage elf = parse(machineWith(file), file);
        List<ElfImage.Segment> segs = elf.segments();
        assertEquals(3, segs.size(), segs.toString());
        assertEquals(UserLayout.IMAGE_BASE, segs.get(0).vaddr);
        assertEquals(Region.READ | Region.EXEC, segs.get(0).prot());
        assertEquals(Region.READ, segs.get(1).prot());
        assertEquals(Region.READ | Region.WRITE, segs.get(2).prot());
        assertTrue(segs.get(2).memsz > segs.get(2).filesz, "the data segment has .bss");
        assertTrue(elf.entry() >= segs.get(0).vaddr && elf.entry() < segs.get(0).vaddr + segs.get(0).memsz);
        assertTrue(segs.get(2).pageEnd() <= UserLayout.ARENA_BASE, "the image stays below the runtime arena");
        if (which.equals("build")) {
            /* the built image keeps what a process writes in one 2 MiB range (user.ld, docs/memory.md) */
            assertEquals(UserLayout.DATA_BASE, segs.get(2).vaddr, "writable data where the stack ends");
            assertTrue(segs.get(1).pageEnd() <= UserLayout.GUARD_BASE, "read-only data below the stack's guard page");
            assertEquals(UserLayout.DATA_BASE >> 21, (UserLayout.ARENA_BASE - 1) >> 21,
                    "the arena starts in the 2 MiB of the data");
            assertEquals(UserLayout.DATA_BASE >> 21, (UserLayout.STACK_TOP - 1) >> 21, "and so does the stack's top");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("userImages")
    void theUserImageLoadsByteForByte(String which, byte[] file) throws Exception {
        SimulatedMachine m = machineWith(file);
        long baseline = m.frames.freeFrames();
        ElfImage elf = parse(m, file);
        UserAddressSpace as = m.manager.createAddressSpace();
        assertEquals(MemStatus.OK, elf.loadProcess(as));
        /* .bss beyond the page holding the end of the file data is demand-zero: not mapped until touched */
        ElfImage.Segment last = elf.segments().get(2);
        long bss = ((last.vaddr + last.filesz) & ~(PAGE - 1)) + PAGE;
        assertTrue(bss < last.pageEnd());
        assertEquals(-1, as.translate(bss));
        for (ElfImage.Segment s : elf.segments()) {
            byte[] got = new byte[(int) s.memsz];
            assertEquals(MemStatus.OK, as.read(s.vaddr, got));
            for (int i = 0; i < got.length; i++) {
                byte want = i < s.filesz ? file[(int) (s.offset + i)] : 0;
                if (got[i] != want) {
                    throw new AssertionError(s + ": byte " + i + " is " + got[i] + ", expected " + want);
                }
            }
        }
        byte[] atEntry = new byte[16];
        assertEquals(MemStatus.OK, as.read(elf.entry(), atEntry));
        ElfImage.Segment text = elf.segments().get(0);
        int entryOff = (int) (text.offset + elf.entry() - text.vaddr);
        for (int i = 0; i < 16; i++) {
            assertEquals(file[entryOff + i], atEntry[i]);
        }
        /* text: whole pages come straight from the module, read-only and executable */
        long pte = as.pte(text.vaddr);
        assertEquals(MODULE + text.offset, Pte.frame(pte));
        assertEquals(0, pte & (Pte.WRITABLE | Pte.COW | Pte.NX));
        /* data: whole pages from the module, copy-on-write; a write copies, the module stays intact */
        ElfImage.Segment data = elf.segments().get(2);
        long dpte = as.pte(data.vaddr);
        assertEquals(MODULE + data.offset, Pte.frame(dpte));
        assertEquals(Pte.COW | Pte.NX, dpte & (Pte.WRITABLE | Pte.COW | Pte.NX));
        byte original = file[(int) data.offset];
        assertEquals(MemStatus.OK, as.write(data.vaddr, new byte[] {(byte) (original + 1)}));
        assertNotEquals(MODULE + data.offset, as.translate(data.vaddr));
        assertEquals(original, m.memory.getByte(MODULE + data.offset));
        /* the page holding the end of the file data is a private copy, zero after the data */
        long tail = (data.vaddr + data.filesz) & ~(PAGE - 1);
        long tailFrame = Pte.frame(as.pte(tail));
        assertTrue(m.frames.isManaged(tailFrame));
        assertEquals(1, m.frames.refCount(tailFrame));
        /* arena, guard and stack regions */
        assertEquals(Region.Kind.ANONYMOUS, as.findRegion(UserLayout.ARENA_BASE).kind);
        assertEquals(Region.Kind.GUARD, as.findRegion(UserLayout.GUARD_BASE).kind);
        assertEquals(Region.Kind.STACK, as.findRegion(UserLayout.STACK_TOP - 8).kind);
        assertEquals(MemStatus.OK, as.writeLong(UserLayout.STACK_TOP - 8, 42));
        assertEquals(MemStatus.EFAULT, as.writeLong(UserLayout.GUARD_BASE + 8, 42));
        /* a second process from the same image shares the module frames */
        UserAddressSpace as2 = m.manager.createAddressSpace();
        assertEquals(MemStatus.OK, elf.loadProcess(as2));
        assertEquals(as.translate(text.vaddr), as2.translate(text.vaddr));
        assertEquals(3, m.frames.refCount(MODULE + text.offset), "pin + two mappings");
        as.free();
        as2.free();
        assertEquals(baseline, m.frames.freeFrames());
        assertEquals(1, m.frames.refCount(MODULE + text.offset), "the permanent reference stays");
        assertEquals(0, m.manager.pageTableFrames());
        assertNull(m.frames.checkConsistency());
    }

    @Test
    void syntheticImageWithPartialHeadAndTailPages() throws Exception {
        ElfBuilder b = new ElfBuilder();
        /* starts mid-page: the first page is a copy (bytes before vaddr zero) */
        b.load(ElfImage.PF_R | ElfImage.PF_X, 0x1010, 0x4000_0010L, 0x2000, 0x2000);
        b.entry = 0x4000_0010L;
        byte[] file = b.build();
        SimulatedMachine m = machineWith(file);
        ElfImage elf = parse(m, file);
        UserAddressSpace as = m.manager.createAddressSpace();
        assertEquals(MemStatus.OK, elf.load(as));
        byte[] page0 = new byte[(int) PAGE];
        assertEquals(MemStatus.OK, as.read(0x4000_0000L, page0));
        for (int i = 0; i < 0x10; i++) {
            assertEquals(0, page0[i], "before vaddr");
        }
        assertEquals(file[0x1010], page0[0x10]);
        assertTrue(m.frames.isManaged(Pte.frame(as.pte(0x4000_0000L))), "head page copied");
        assertEquals(MODULE + 0x2000, Pte.frame(as.pte(0x4000_1000L)), "middle page direct");
        assertTrue(m.frames.isManaged(Pte.frame(as.pte(0x4000_2000L))), "tail page copied");
        byte[] page2 = new byte[(int) PAGE];
        assertEquals(MemStatus.OK, as.read(0x4000_2000L, page2));
        assertEquals(file[0x3000], page2[0]);
        assertEquals(file[0x300F], page2[0xF]);
        assertEquals(0, page2[0x10], "after the file data");
        as.free();
    }

    @Test
    void unalignedModuleIsCopiedNotMapped() throws Exception {
        byte[] file = ElfBuilder.standard().build();
        long at = MODULE + 0x100;
        SimulatedMachine m = new SimulatedMachine(64L << 20, MODULE, MODULE + 0x10000);
        m.load(at, file);
        ElfImage elf = ElfImage.parse(m.memory, at, file.length);
        UserAddressSpace as = m.manager.createAddressSpace();
        assertEquals(MemStatus.OK, elf.load(as));
        assertTrue(m.frames.isManaged(Pte.frame(as.pte(0x4000_0000L))));
        byte[] got = new byte[0x1100];
        assertEquals(MemStatus.OK, as.read(0x4000_0000L, got));
        for (int i = 0; i < got.length; i++) {
            assertEquals(file[0x1000 + i], got[i]);
        }
        assertEquals(0, m.frames.refCount(MODULE), "nothing pinned");
        as.free();
    }

    @Test
    void loadingIntoAnOccupiedRangeFails() throws Exception {
        byte[] file = ElfBuilder.standard().build();
        SimulatedMachine m = machineWith(file);
        UserAddressSpace as = m.manager.createAddressSpace();
        assertEquals(MemStatus.OK, as.map(0x4000_3000L, PAGE, Region.READ));
        assertEquals(MemStatus.EEXIST, parse(m, file).load(as));
        as.free();
    }

    /**
     * Each frame allocation of a load, failed in turn: the load answers ENOMEM (never OK with a
     * page missing, never another error), and freeing the space gives every frame back.
     */
    @Test
    void outOfMemoryWhileLoadingIsCleanAfterFree() throws Exception {
        byte[] file = ElfBuilder.standard().build();
        SimulatedMachine m = machineWith(file);
        long baseline = m.frames.freeFrames();
        ElfImage elf = parse(m, file);
        int[] asked = {0};
        UserAddressSpace whole = m.manager.createAddressSpace();
        m.frames.setFailureHook(() -> {
            asked[0]++;
            return false;
        });
        assertEquals(MemStatus.OK, elf.load(whole));
        m.frames.setFailureHook(null);
        whole.free();
        assertEquals(baseline, m.frames.freeFrames());
        int allocations = asked[0];
        assertTrue(allocations >= 3, "a load of the standard image allocates page tables and pages: " + allocations);
        for (int failAt = 1; failAt <= allocations; failAt++) {
            UserAddressSpace as = m.manager.createAddressSpace();
            int[] n = {0};
            int limit = failAt;
            m.frames.setFailureHook(() -> ++n[0] == limit);
            int st = elf.load(as);
            m.frames.setFailureHook(null);
            assertEquals(MemStatus.ENOMEM, st, "allocation " + failAt + " of " + allocations + " failed");
            as.free();
            assertEquals(baseline, m.frames.freeFrames(), "frames after a load that failed at allocation " + failAt);
        }
    }

    // ------------------------------------------------------------------ malformed images

    static void rejects(String expectedMessagePart, Consumer<ElfBuilder> spoil) {
        ElfBuilder b = ElfBuilder.standard();
        spoil.accept(b);
        byte[] file = b.build();
        SimulatedMachine m = machineWith(file);
        ElfException e = assertThrows(ElfException.class, () -> parse(m, file));
        assertTrue(e.getMessage().contains(expectedMessagePart), "message: " + e.getMessage());
    }

    @Test
    void theStandardSyntheticImageIsValid() throws Exception {
        byte[] file = ElfBuilder.standard().build();
        ElfImage elf = parse(machineWith(file), file);
        assertEquals(2, elf.segments().size());
        assertEquals(0x4000_0010L, elf.entry());
    }

    @Test
    void rejectsBadHeaders() {
        rejects("bad magic", b -> b.magic = new byte[] {0x7F, 'E', 'L', 'G'});
        rejects("not a 64-bit", b -> b.elfClass = 1);
        rejects("not little-endian", b -> b.data = 2);
        rejects("version", b -> b.version = 0);
        rejects("not an executable", b -> b.type = 3);
        rejects("not x86-64", b -> b.machine = 40);
        rejects("program header size", b -> b.phentsize = 32);
        rejects("program header count", b -> b.phnumOverride = 0);
        rejects("no loadable segment", b -> {
            b.phdrs.clear();
            b.phdr(0x6474E551L, ElfImage.PF_R, 0, 0, 0, 0, 16);
        });
    }

    @Test
    void rejectsTruncatedFiles() throws Exception {
        byte[] file = ElfBuilder.standard().build();
        SimulatedMachine m = machineWith(file);
        assertTrue(assertThrows(ElfException.class, () -> ElfImage.parse(m.memory, MODULE, 40)).getMessage()
                .contains("truncated"));
        assertTrue(assertThrows(ElfException.class, () -> ElfImage.parse(m.memory, MODULE, 100)).getMessage()
                .contains("truncated: program headers"));
        assertTrue(assertThrows(ElfException.class, () -> ElfImage.parse(m.memory, MODULE, 0x3100)).getMessage()
                .contains("truncated: segment"));
        rejects("truncated: program headers", b -> b.phoff = 0x3FF0);
        rejects("truncated: program headers", b -> b.phoff = -8);
        rejects("truncated: segment", b -> b.phdrs.get(0)[2] = Long.MAX_VALUE);
    }

    @Test
    void rejectsBadSegments() {
        rejects("in the kernel half", b -> {
            b.phdrs.get(0)[3] = 0x10_0000L;
            b.phdrs.get(0)[2] = 0x1000;
        });
        rejects("outside user space", b -> b.phdrs.get(1)[3] = 0x0000_8000_0000_0000L);
        rejects("outside user space", b -> b.phdrs.get(1)[3] = 0xFFFF_FFFF_8000_0000L);
        rejects("outside user space", b -> {
            b.phdrs.get(1)[3] = 0x0000_7FFF_FFFF_F000L;
            b.phdrs.get(1)[5] = 0x2000;
        });
        rejects("misaligned", b -> b.phdrs.get(1)[3] = 0x4000_3008L);
        rejects("not a power of two", b -> b.phdrs.get(1)[6] = 0x3000);
        rejects("larger than memory size", b -> b.phdrs.get(1)[4] = 0x4000);
        rejects("overlapping segments", b -> b.phdrs.get(1)[3] = 0x4000_1000L);
        rejects("overlapping segments", b -> b.load(ElfImage.PF_R, 0x2000, 0x4000_5000L, 0x10, 0x10));
        rejects("dynamically linked", b -> b.phdr(ElfImage.PT_INTERP, ElfImage.PF_R, 0x2000, 0, 0x10, 0x10, 1));
        rejects("entry point", b -> b.entry = 0x4000_3000L);
        rejects("entry point", b -> b.entry = 0x4000_0000L + 0x1100);
    }

    @Test
    void ignoresNonLoadHeadersAndEmptySegments() throws Exception {
        ElfBuilder b = ElfBuilder.standard();
        b.phdr(0x6474E551L /* GNU_STACK */, ElfImage.PF_R | ElfImage.PF_W, 0, 0, 0, 0, 16);
        b.load(ElfImage.PF_R, 0, 0x4000_8000L, 0, 0);
        byte[] file = b.build();
        ElfImage elf = parse(machineWith(file), file);
        assertEquals(2, elf.segments().size());
        assertFalse(elf.segments().get(0).toString().isEmpty());
    }

    @Test
    void segmentsNeedNotBeSortedInTheFile() throws Exception {
        ElfBuilder b = new ElfBuilder();
        b.load(ElfImage.PF_R | ElfImage.PF_W, 0x3000, 0x4000_3000L, 0x800, 0x3000);
        b.load(ElfImage.PF_R | ElfImage.PF_X, 0x1000, 0x4000_0000L, 0x1100, 0x1100);
        byte[] file = b.build();
        ElfImage elf = parse(machineWith(file), file);
        assertEquals(0x4000_0000L, elf.segments().get(0).vaddr);
        byte[] got = new byte[4];
        SimulatedMachine m = machineWith(file);
        UserAddressSpace as = m.manager.createAddressSpace();
        assertEquals(MemStatus.OK, parse(m, file).load(as));
        assertEquals(MemStatus.OK, as.read(0x4000_3000L, got));
        assertArrayEquals(new byte[] {file[0x3000], file[0x3001], file[0x3002], file[0x3003]}, got);
        as.free();
    }
}
