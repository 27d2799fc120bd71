package oolong.introspect.dump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oolong.introspect.elf.ElfFile;
import oolong.introspect.elf.ElfNote;
import oolong.introspect.elf.ElfSegment;
import oolong.introspect.memory.MemoryAccessException;
import oolong.introspect.memory.PhysicalMemory;
import oolong.introspect.program.CpuState;

/**
 * A guest's memory and CPU state as QEMU's {@code dump-guest-memory} writes them: an ELF core
 * file whose PT_LOAD segments are the ranges of guest RAM (by physical address) and whose notes
 * hold each CPU's registers, both Linux's NT_PRSTATUS and QEMU's own "QEMU" note (which has the
 * control registers, CR3 among them). Opened read-only; the memory is read from the file on demand.
 */
public final class CoreDump implements PhysicalMemory, AutoCloseable {
    /** Offsets in QEMU's QEMUCPUState (target/i386/arch_dump.c): version, size, 18 registers, 10 segments, cr[5]. */
    private static final String[] QEMU_GPRS = {"RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RSP", "RBP", "R8", "R9",
            "R10", "R11", "R12", "R13", "R14", "R15", "RIP", "RFL"};
    private static final String[] SEGMENTS = {"CS", "DS", "ES", "FS", "GS", "SS", "LDT", "TR", "GDT", "IDT"};
    private static final int QEMU_CR_OFFSET = 8 + 18 * 8 + 10 * 24;
    /** elf_prstatus on x86-64: pr_reg (user_regs_struct) starts at 112. */
    private static final String[] PRSTATUS_REGS = {"R15", "R14", "R13", "R12", "RBP", "RBX", "R11", "R10", "R9", "R8",
            "RAX", "RCX", "RDX", "RSI", "RDI", "ORIG_RAX", "RIP", "CS", "RFL", "RSP", "SS", "FS_BASE", "GS_BASE", "DS",
            "ES", "FS", "GS"};

    private final ElfFile elf;
    private final List<ElfSegment> ram;
    private final List<CpuState> cpus;

    private CoreDump(ElfFile elf) throws IOException {
        this.elf = elf;
        if (elf.type() != ElfFile.ET_CORE) {
            throw new IOException(elf.path() + " is an ELF file but not a core dump (type " + elf.type() + ")");
        }
        List<ElfSegment> loads = new ArrayList<>();
        for (ElfSegment s : elf.segments()) {
            if (s.type() == ElfFile.PT_LOAD && s.fileSize() > 0) {
                loads.add(s);
            }
        }
        this.ram = List.copyOf(loads);
        this.cpus = readCpus(elf.notes());
        if (ram.isEmpty()) {
            throw new IOException(elf.path() + " holds no memory (no PT_LOAD segments)");
        }
    }

    public static CoreDump open(Path file) throws IOException {
        ElfFile elf = ElfFile.open(file);
        try {
            return new CoreDump(elf);
        } catch (IOException | RuntimeException e) {
            elf.close();
            throw e;
        }
    }

    public Path path() {
        return elf.path();
    }

    /** The CPUs' registers, CPU 0 first. */
    public List<CpuState> cpus() {
        return cpus;
    }

    /** Bytes of guest RAM the dump holds. */
    public long ramBytes() {
        return ram.stream().mapToLong(ElfSegment::fileSize).sum();
    }

    @Override
    public void read(long address, byte[] dst, int offset, int length) {
        int done = 0;
        while (done < length) {
            long at = address + done;
            ElfSegment s = segmentAt(at);
            if (s == null) {
                throw new MemoryAccessException(at, String.format("physical address 0x%x is not in the dump", at));
            }
            long in = at - s.physicalAddress();
            int n = (int) Math.min(length - done, s.fileSize() - in);
            try {
                elf.read(s.offset() + in, dst, offset + done, n);
            } catch (IOException e) {
                throw new MemoryAccessException(at, "cannot read the dump: " + e.getMessage(), e);
            }
            done += n;
        }
    }

    private ElfSegment segmentAt(long address) {
        for (ElfSegment s : ram) {
            if (address >= s.physicalAddress() && address - s.physicalAddress() < s.fileSize()) {
                return s;
            }
        }
        return null;
    }

    /** One CpuState per CPU: NT_PRSTATUS gives the general registers, the "QEMU" note adds the rest. */
    static List<CpuState> readCpus(List<ElfNote> notes) {
        List<Map<String, Long>> prstatus = new ArrayList<>();
        List<Map<String, Long>> qemu = new ArrayList<>();
        for (ElfNote n : notes) {
            ByteBuffer b = ByteBuffer.wrap(n.descriptor()).order(ByteOrder.LITTLE_ENDIAN);
            if (n.name().equals("CORE") && n.type() == 1 && b.limit() >= 112 + PRSTATUS_REGS.length * 8) {
                Map<String, Long> m = new LinkedHashMap<>();
                for (int i = 0; i < PRSTATUS_REGS.length; i++) {
                    m.put(PRSTATUS_REGS[i], b.getLong(112 + i * 8));
                }
                prstatus.add(m);
            } else if (n.name().equals("QEMU") && b.limit() >= QEMU_CR_OFFSET + 5 * 8) {
                Map<String, Long> m = new LinkedHashMap<>();
                for (int i = 0; i < QEMU_GPRS.length; i++) {
                    m.put(QEMU_GPRS[i], b.getLong(8 + i * 8));
                }
                for (int i = 0; i < SEGMENTS.length; i++) {
                    int at = 8 + 18 * 8 + i * 24;
                    m.put(SEGMENTS[i], Integer.toUnsignedLong(b.getInt(at)));
                    m.put(SEGMENTS[i] + "_BASE", b.getLong(at + 16));
                }
                for (int i = 0; i < 5; i++) {
                    m.put("CR" + i, b.getLong(QEMU_CR_OFFSET + i * 8));
                }
                qemu.add(m);
            }
        }
        List<CpuState> out = new ArrayList<>();
        for (int i = 0; i < Math.max(prstatus.size(), qemu.size()); i++) {
            Map<String, Long> m = new LinkedHashMap<>();
            if (i < prstatus.size()) {
                m.putAll(prstatus.get(i));
            }
            if (i < qemu.size()) {
                m.putAll(qemu.get(i));
            }
            m.put("CPL", m.getOrDefault("CS", 0L) & 3);
            out.add(new CpuState(m));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        elf.close();
    }
}
