package oolong.introspect.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A little-endian 64-bit ELF file: the kernel and user images (sections, symbols), the objects
 * the build compiles its layout probe into (a symbol's bytes), and QEMU's ELF core dumps
 * (program headers and notes). Only the headers are read up front; contents are read on demand
 * through the file channel, so a dump of several GiB is never loaded whole.
 */
public final class ElfFile implements AutoCloseable {
    public static final int ET_REL = 1;
    public static final int ET_EXEC = 2;
    public static final int ET_CORE = 4;
    public static final int PT_LOAD = 1;
    public static final int PT_NOTE = 4;
    public static final int SHT_SYMTAB = 2;
    public static final int SHT_NOBITS = 8;

    private final Path path;
    private final FileChannel channel;
    private final int type;
    private final int machine;
    private final long entry;
    private final List<ElfSection> sections;
    private final List<ElfSegment> segments;

    private ElfFile(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.channel = channel;
        if (channel.size() < 64) {
            throw new IOException(path + " is not an ELF file (" + channel.size() + " bytes)");
        }
        ByteBuffer h = read(0, 64);
        if (h.getInt(0) != 0x464C457F) {
            throw new IOException(path + " is not an ELF file");
        }
        if (h.get(4) != 2 || h.get(5) != 1) {
            throw new IOException(path + " is not a 64-bit little-endian ELF file");
        }
        type = Short.toUnsignedInt(h.getShort(16));
        machine = Short.toUnsignedInt(h.getShort(18));
        entry = h.getLong(24);
        long phoff = h.getLong(32);
        long shoff = h.getLong(40);
        int phentsize = Short.toUnsignedInt(h.getShort(54));
        int phnum = Short.toUnsignedInt(h.getShort(56));
        int shentsize = Short.toUnsignedInt(h.getShort(58));
        int shnum = Short.toUnsignedInt(h.getShort(60));
        int shstrndx = Short.toUnsignedInt(h.getShort(62));
        segments = readSegments(phoff, phentsize, phnum);
        sections = readSections(shoff, shentsize, shnum, shstrndx);
    }

    public static ElfFile open(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new ElfFile(path, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /** ET_REL, ET_EXEC, ET_CORE, ... */
    public int type() {
        return type;
    }

    /** 62 for x86-64. */
    public int machine() {
        return machine;
    }

    public long entry() {
        return entry;
    }

    public List<ElfSection> sections() {
        return sections;
    }

    public List<ElfSegment> segments() {
        return segments;
    }

    public Optional<ElfSection> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The bytes of a section (empty for SHT_NOBITS, such as .bss). */
    public byte[] contents(ElfSection s) throws IOException {
        if (s.type() == SHT_NOBITS) {
            return new byte[0];
        }
        return bytes(s.offset(), Math.toIntExact(s.size()));
    }

    /** Every symbol of the symbol table (.symtab), or none when the file is stripped. */
    public List<ElfSymbol> symbols() throws IOException {
        Optional<ElfSection> symtab = sections.stream().filter(s -> s.type() == SHT_SYMTAB).findFirst();
        if (symtab.isEmpty()) {
            return List.of();
        }
        ElfSection st = symtab.get();
        ByteBuffer strings = ByteBuffer.wrap(contents(sections.get(st.link())));
        ByteBuffer b = ByteBuffer.wrap(contents(st)).order(ByteOrder.LITTLE_ENDIAN);
        int count = (int) (st.size() / 24);
        List<ElfSymbol> out = new ArrayList<>(count);
        for (int i = 1; i < count; i++) {
            int at = i * 24;
            int info = Byte.toUnsignedInt(b.get(at + 4));
            out.add(new ElfSymbol(string(strings, b.getInt(at)), b.getLong(at + 8), b.getLong(at + 16), info & 0xF,
                    info >> 4, Short.toUnsignedInt(b.getShort(at + 6))));
        }
        return Collections.unmodifiableList(out);
    }

    /** The bytes a defined symbol covers in its section's file contents (for data symbols of objects). */
    public byte[] symbolBytes(String name) throws IOException {
        for (ElfSymbol s : symbols()) {
            if (s.name().equals(name) && s.sectionIndex() > 0 && s.sectionIndex() < sections.size()) {
                ElfSection sec = sections.get(s.sectionIndex());
                long inSection = type == ET_REL ? s.value() : s.value() - sec.address();
                return bytes(sec.offset() + inSection, Math.toIntExact(s.size()));
            }
        }
        throw new IOException("no symbol " + name + " in " + path);
    }

    /** The notes of every PT_NOTE segment, in file order. */
    public List<ElfNote> notes() throws IOException {
        List<ElfNote> out = new ArrayList<>();
        for (ElfSegment seg : segments) {
            if (seg.type() != PT_NOTE) {
                continue;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes(seg.offset(), Math.toIntExact(seg.fileSize())))
                    .order(ByteOrder.LITTLE_ENDIAN);
            int at = 0;
            while (at + 12 <= b.limit()) {
                int namesz = b.getInt(at);
                int descsz = b.getInt(at + 4);
                int ntype = b.getInt(at + 8);
                int nameAt = at + 12;
                int descAt = nameAt + align4(namesz);
                if (namesz < 0 || descsz < 0 || descAt + descsz > b.limit()) {
                    break;
                }
                String name = new String(b.array(), nameAt, Math.max(0, namesz - 1), StandardCharsets.US_ASCII);
                byte[] desc = new byte[descsz];
                System.arraycopy(b.array(), descAt, desc, 0, descsz);
                out.add(new ElfNote(name, ntype, desc));
                at = descAt + align4(descsz);
            }
        }
        return out;
    }

    /** Reads bytes at a file offset; fails when the file is shorter. */
    public byte[] bytes(long offset, int length) throws IOException {
        ByteBuffer b = read(offset, length);
        return b.array();
    }

    /** Reads into part of an array (for memory reads from a core dump). */
    public void read(long offset, byte[] dst, int dstOffset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(dst, dstOffset, length);
        long pos = offset;
        while (b.hasRemaining()) {
            int n = channel.read(b, pos);
            if (n < 0) {
                throw new IOException(path + " ends at " + pos + " (wanted " + length + " bytes at " + offset + ")");
            }
            pos += n;
        }
    }

    private ByteBuffer read(long offset, int length) throws IOException {
        byte[] a = new byte[length];
        read(offset, a, 0, length);
        return ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
    }

    private List<ElfSegment> readSegments(long phoff, int entsize, int count) throws IOException {
        List<ElfSegment> out = new ArrayList<>(count);
        if (count == 0) {
            return out;
        }
        ByteBuffer b = read(phoff, entsize * count);
        for (int i = 0; i < count; i++) {
            int at = i * entsize;
            out.add(new ElfSegment(b.getInt(at), b.getInt(at + 4), b.getLong(at + 8), b.getLong(at + 16),
                    b.getLong(at + 24), b.getLong(at + 32), b.getLong(at + 40)));
        }
        return Collections.unmodifiableList(out);
    }

    private List<ElfSection> readSections(long shoff, int entsize, int count, int shstrndx) throws IOException {
        if (count == 0 || shoff == 0) {
            return List.of();
        }
        ByteBuffer b = read(shoff, entsize * count);
        long[] raw = new long[count * 8];
        for (int i = 0; i < count; i++) {
            int at = i * entsize;
            raw[i * 8] = Integer.toUnsignedLong(b.getInt(at));
            raw[i * 8 + 1] = Integer.toUnsignedLong(b.getInt(at + 4));
            raw[i * 8 + 2] = b.getLong(at + 8);
            raw[i * 8 + 3] = b.getLong(at + 16);
            raw[i * 8 + 4] = b.getLong(at + 24);
            raw[i * 8 + 5] = b.getLong(at + 32);
            raw[i * 8 + 6] = Integer.toUnsignedLong(b.getInt(at + 40));
            raw[i * 8 + 7] = Integer.toUnsignedLong(b.getInt(at + 44));
        }
        ByteBuffer names = shstrndx < count ? read(raw[shstrndx * 8 + 4], Math.toIntExact(raw[shstrndx * 8 + 5]))
                : ByteBuffer.allocate(0);
        List<ElfSection> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new ElfSection(i, string(names, (int) raw[i * 8]), (int) raw[i * 8 + 1], raw[i * 8 + 2],
                    raw[i * 8 + 3], raw[i * 8 + 4], raw[i * 8 + 5], (int) raw[i * 8 + 6], (int) raw[i * 8 + 7]));
        }
        return Collections.unmodifiableList(out);
    }

    private static String string(ByteBuffer table, int at) {
        if (at < 0 || at >= table.limit()) {
            return "";
        }
        int end = at;
        while (end < table.limit() && table.get(end) != 0) {
            end++;
        }
        return new String(table.array(), table.arrayOffset() + at, end - at, StandardCharsets.UTF_8);
    }

    private static int align4(int n) {
        return (n + 3) & ~3;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
