package oolong.kernel.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import oolong.kernel.mem.FrameAllocator;
import oolong.kernel.mem.MemStatus;
import oolong.kernel.platform.PhysicalMemory;
import oolong.kernel.mem.Region;
import oolong.kernel.mem.UserAddressSpace;
import oolong.kernel.mem.UserLayout;

/**
 * A statically linked ELF64 x86-64 executable lying in physical memory (the user image, a boot
 * module), parsed and validated once, loadable into any number of address spaces.
 *
 * <p>Loading a PT_LOAD segment makes one {@link Region.Kind#IMAGE} region over its pages. Pages
 * entirely inside the file data are mapped straight from the module's frames, copy-on-write when
 * the segment is writable (read-only ones are shared as they are); the module's frames get one
 * permanent reference so they are never freed and always copied on write. A page holding only part
 * of the file data (the head or tail of a segment) is copied into a fresh frame with the rest
 * zeroed; the pages after the file data are demand-zero (.bss).
 */
public final class ElfImage {
    public static final int PT_LOAD = 1;
    public static final int PT_DYNAMIC = 2;
    public static final int PT_INTERP = 3;
    public static final int PF_X = 1;
    public static final int PF_W = 2;
    public static final int PF_R = 4;

    private static final long PAGE = FrameAllocator.FRAME_SIZE;
    private static final int EHDR_SIZE = 64;
    private static final int PHDR_SIZE = 56;
    private static final int MAX_PHDRS = 64;

    /** One PT_LOAD program header. */
    public static final class Segment {
        public final long vaddr;
        public final long memsz;
        public final long filesz;
        public final long offset;
        public final int flags;

        Segment(long vaddr, long memsz, long filesz, long offset, int flags) {
            this.vaddr = vaddr;
            this.memsz = memsz;
            this.filesz = filesz;
            this.offset = offset;
            this.flags = flags;
        }

        /** First page and one past the last page. */
        public long pageStart() {
            return vaddr & ~(PAGE - 1);
        }

        public long pageEnd() {
            return (vaddr + memsz + PAGE - 1) & ~(PAGE - 1);
        }

        public int prot() {
            return Region.READ | ((flags & PF_W) != 0 ? Region.WRITE : 0) | ((flags & PF_X) != 0 ? Region.EXEC : 0);
        }

        @Override
        public String toString() {
            return "LOAD 0x" + Long.toHexString(vaddr) + " mem 0x" + Long.toHexString(memsz) + " file 0x"
                    + Long.toHexString(filesz) + " @0x" + Long.toHexString(offset) + " " + Region.protString(prot());
        }
    }

    private final PhysicalMemory mem;
    private final long start;
    private final long length;
    private final long entry;
    private final List<Segment> segments;
    private boolean pinned;

    private ElfImage(PhysicalMemory mem, long start, long length, long entry, List<Segment> segments) {
        this.mem = mem;
        this.start = start;
        this.length = length;
        this.entry = entry;
        this.segments = segments;
    }

    public long entry() {
        return entry;
    }

    public List<Segment> segments() {
        return Collections.unmodifiableList(segments);
    }

    /** Physical address and size of the file. */
    public long start() {
        return start;
    }

    public long length() {
        return length;
    }

    private static int u8(PhysicalMemory m, long a) {
        return m.getByte(a) & 0xFF;
    }

    private static int u16(PhysicalMemory m, long a) {
        return u8(m, a) | (u8(m, a + 1) << 8);
    }

    private static long u32(PhysicalMemory m, long a) {
        return (long) u16(m, a) | ((long) u16(m, a + 2) << 16);
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** Parses and validates the ELF file at physical [start, start + length). */
    public static ElfImage parse(PhysicalMemory mem, long start, long length) throws ElfException {
        if (length < EHDR_SIZE) {
            throw new ElfException("truncated: " + length + " bytes, an ELF header needs " + EHDR_SIZE);
        }
        if (u8(mem, start) != 0x7F || u8(mem, start + 1) != 'E' || u8(mem, start + 2) != 'L' || u8(mem, start + 3) != 'F') {
            throw new ElfException("not an ELF file (bad magic)");
        }
        if (u8(mem, start + 4) != 2) {
            throw new ElfException("not a 64-bit ELF file (class " + u8(mem, start + 4) + ")");
        }
        if (u8(mem, start + 5) != 1) {
            throw new ElfException("not little-endian (data encoding " + u8(mem, start + 5) + ")");
        }
        if (u8(mem, start + 6) != 1) {
            throw new ElfException("unknown ELF version " + u8(mem, start + 6));
        }
        int type = u16(mem, start + 16);
        if (type != 2) {
            throw new ElfException("not an executable (e_type " + type + "; only ET_EXEC, statically linked)");
        }
        int machine = u16(mem, start + 18);
        if (machine != 62) {
            throw new ElfException("not x86-64 (e_machine " + machine + ")");
        }
        long entry = mem.getLong(start + 24);
        long phoff = mem.getLong(start + 32);
        int phentsize = u16(mem, start + 54);
        int phnum = u16(mem, start + 56);
        if (phentsize != PHDR_SIZE) {
            throw new ElfException("program header size " + phentsize + ", expected " + PHDR_SIZE);
        }
        if (phnum == 0 || phnum > MAX_PHDRS) {
            throw new ElfException("bad program header count " + phnum);
        }
        if (phoff < EHDR_SIZE || phoff > length || (long) phnum * PHDR_SIZE > length - phoff) {
            throw new ElfException("truncated: program headers at " + hex(phoff) + " (" + phnum + " x " + PHDR_SIZE
                    + " bytes) lie outside the file of " + length + " bytes");
        }
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            long ph = start + phoff + (long) i * PHDR_SIZE;
            long ptype = u32(mem, ph);
            if (ptype == PT_INTERP || ptype == PT_DYNAMIC) {
                throw new ElfException("dynamically linked (program header " + i + " is PT_"
                        + (ptype == PT_INTERP ? "INTERP" : "DYNAMIC") + "); only static executables are supported");
            }
            if (ptype != PT_LOAD) {
                continue;
            }
            int flags = (int) u32(mem, ph + 4);
            long offset = mem.getLong(ph + 8);
            long vaddr = mem.getLong(ph + 16);
            long filesz = mem.getLong(ph + 32);
            long memsz = mem.getLong(ph + 40);
            long align = mem.getLong(ph + 48);
            String what = "segment " + i + " (vaddr " + hex(vaddr) + ")";
            if (memsz == 0) {
                continue;
            }
            if (filesz < 0 || memsz < 0 || filesz > memsz) {
                throw new ElfException(what + ": file size " + hex(filesz) + " larger than memory size " + hex(memsz));
            }
            if (offset < 0 || offset > length || filesz > length - offset) {
                throw new ElfException("truncated: " + what + " needs file bytes " + hex(offset) + "+" + hex(filesz)
                        + " but the file has " + length);
            }
            if (!UserLayout.inUserSpace(vaddr, memsz)) {
                throw new ElfException(what + " + " + hex(memsz) + " is outside user space [" + hex(UserLayout.USER_BASE)
                        + ", " + hex(UserLayout.USER_TOP) + ")" + (vaddr >= 0 && vaddr < UserLayout.USER_BASE
                        ? ": in the kernel half" : ""));
            }
            if (align != 0 && align != 1 && (align & (align - 1)) != 0) {
                throw new ElfException(what + ": alignment " + hex(align) + " is not a power of two");
            }
            if ((vaddr & (PAGE - 1)) != (offset & (PAGE - 1))) {
                throw new ElfException(what + " is misaligned: vaddr and file offset " + hex(offset)
                        + " differ modulo the page size");
            }
            segments.add(new Segment(vaddr, memsz, filesz, offset, flags));
        }
        if (segments.isEmpty()) {
            throw new ElfException("no loadable segment");
        }
        segments.sort((a, b) -> Long.compare(a.vaddr, b.vaddr));
        for (int i = 1; i < segments.size(); i++) {
            Segment a = segments.get(i - 1);
            Segment b = segments.get(i);
            if (b.pageStart() < a.pageEnd()) {
                throw new ElfException("overlapping segments: " + hex(a.vaddr) + "+" + hex(a.memsz) + " and "
                        + hex(b.vaddr) + "+" + hex(b.memsz) + " share pages");
            }
        }
        boolean entryOk = false;
        for (Segment s : segments) {
            if (entry >= s.vaddr && entry - s.vaddr < s.memsz && (s.flags & PF_X) != 0) {
                entryOk = true;
            }
        }
        if (!entryOk) {
            throw new ElfException("entry point " + hex(entry) + " is not in an executable segment");
        }
        return new ElfImage(mem, start, length, entry, segments);
    }

    /** Gives every frame of the module a permanent reference (once): they are never freed or written. */
    private void pin(FrameAllocator frames) {
        if (pinned) {
            return;
        }
        pinned = true;
        for (long f = start & ~(PAGE - 1); f < start + length; f += PAGE) {
            if (frames.tracks(f) && !frames.isManaged(f)) {
                frames.retain(f);
            }
        }
    }

    /**
     * Maps every PT_LOAD segment into {@code space} (which must not have regions there yet).
     * Returns OK, ENOMEM (the address space may then hold part of the image: free it), or EEXIST.
     */
    public int load(UserAddressSpace space) {
        FrameAllocator frames = space.manager().frames();
        PhysicalMemory target = space.manager().memory();
        boolean direct = (start & (PAGE - 1)) == 0 && target == mem;
        if (direct) {
            pin(frames);
        }
        for (Segment s : segments) {
            int st = space.mapDemandZero(s.pageStart(), s.pageEnd() - s.pageStart(), s.prot(), Region.Kind.IMAGE);
            if (st != MemStatus.OK) {
                return st;
            }
            long fileEnd = s.vaddr + s.filesz;
            boolean writable = (s.flags & PF_W) != 0;
            for (long page = s.pageStart(); page < fileEnd; page += PAGE) {
                long fileAt = start + s.offset + (page - s.vaddr);   /* where this page's first byte is in the file */
                if (direct && page >= s.vaddr && page + PAGE <= fileEnd && frames.tracks(fileAt)
                        && !frames.isManaged(fileAt)) {
                    st = space.mapFrame(page, fileAt, writable);
                    if (st != MemStatus.OK) {
                        return st;
                    }
                    continue;
                }
                long frame = space.populate(page);
                if (frame < 0) {
                    return (int) frame;
                }
                long from = Math.max(page, s.vaddr);
                long to = Math.min(page + PAGE, fileEnd);
                long src = start + s.offset + (from - s.vaddr);
                copyIn(target, frame + (from - page), src, to - from);
            }
        }
        return MemStatus.OK;
    }

    private void copyIn(PhysicalMemory target, long dst, long src, long n) {
        if (target == mem) {
            target.copy(dst, src, n);
            return;
        }
        byte[] buf = new byte[(int) n];
        mem.read(src, buf, 0, buf.length);
        target.write(dst, buf, 0, buf.length);
    }

    /**
     * Sets up a whole process image in a fresh address space: the segments, the runtime arena
     * (demand-zero, read-write) and the stack (demand-zero, read-write, with a guard page below).
     * The process starts at {@link #entry()} with RSP = {@link UserLayout#STACK_TOP}.
     */
    public int loadProcess(UserAddressSpace space) {
        int st = load(space);
        if (st != MemStatus.OK) {
            return st;
        }
        st = space.mapDemandZero(UserLayout.ARENA_BASE, UserLayout.ARENA_BYTES, Region.READ | Region.WRITE,
                Region.Kind.ANONYMOUS);
        if (st != MemStatus.OK) {
            return st;
        }
        st = space.mapDemandZero(UserLayout.GUARD_BASE, UserLayout.PAGE, Region.NONE, Region.Kind.GUARD);
        if (st != MemStatus.OK) {
            return st;
        }
        return space.mapDemandZero(UserLayout.STACK_BASE, UserLayout.STACK_BYTES, Region.READ | Region.WRITE,
                Region.Kind.STACK);
    }
}
