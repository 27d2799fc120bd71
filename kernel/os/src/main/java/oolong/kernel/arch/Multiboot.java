package oolong.kernel.arch;

import java.util.ArrayList;
import java.util.List;
import org.teavm.interop.Address;

/**
 * Reads the multiboot (v1) information structure the boot loader left in memory: memory size,
 * the memory map, the kernel command line and the modules (the user image is one).
 */
public final class Multiboot {
    public static final int BOOTLOADER_MAGIC = 0x2BADB002;

    private static final int FLAG_MEMORY = 1;
    private static final int FLAG_CMDLINE = 1 << 2;
    private static final int FLAG_MODULES = 1 << 3;
    private static final int FLAG_MMAP = 1 << 6;

    /** A region of physical memory from the boot loader's memory map. type 1 = usable RAM. */
    public static final class MemoryRegion {
        public final long base;
        public final long length;
        public final int type;

        MemoryRegion(long base, long length, int type) {
            this.base = base;
            this.length = length;
            this.type = type;
        }

        public boolean usable() {
            return type == 1;
        }
    }

    /** A module loaded by the boot loader, with its command line (its name). */
    public static final class Module {
        public final long start;
        public final long end;
        public final String name;

        Module(long start, long end, String name) {
            this.start = start;
            this.end = end;
            this.name = name;
        }
    }

    /** A range of physical addresses, [start, end). */
    public static final class Range {
        public final long start;
        public final long end;

        Range(long start, long end) {
            this.start = start;
            this.end = end;
        }
    }

    public final int flags;
    public final long memoryLowerKiB;
    public final long memoryUpperKiB;
    public final String commandLine;
    public final List<Module> modules;
    public final List<MemoryRegion> memoryMap;
    /**
     * Where the boot loader's own structures lie: the information itself, the command line, the
     * module list and the modules' names, the memory map (a page each at least). QEMU puts them in
     * RAM the memory map calls usable, after the modules, so they must be kept from the allocator.
     */
    public final List<Range> bootInformation;

    private Multiboot(long infoAddress) {
        Address info = Address.fromLong(infoAddress);
        flags = info.getInt();
        memoryLowerKiB = (flags & FLAG_MEMORY) != 0 ? info.add(4).getInt() & 0xFFFFFFFFL : 0;
        memoryUpperKiB = (flags & FLAG_MEMORY) != 0 ? info.add(8).getInt() & 0xFFFFFFFFL : 0;
        commandLine = (flags & FLAG_CMDLINE) != 0 ? cString(info.add(16).getInt() & 0xFFFFFFFFL) : "";
        modules = new ArrayList<>();
        if ((flags & FLAG_MODULES) != 0) {
            int count = info.add(20).getInt();
            Address mod = Address.fromLong(info.add(24).getInt() & 0xFFFFFFFFL);
            for (int i = 0; i < count; i++, mod = mod.add(16)) {
                modules.add(new Module(mod.getInt() & 0xFFFFFFFFL, mod.add(4).getInt() & 0xFFFFFFFFL,
                        cString(mod.add(8).getInt() & 0xFFFFFFFFL)));
            }
        }
        bootInformation = bootInformation(infoAddress, flags);
        memoryMap = new ArrayList<>();
        if ((flags & FLAG_MMAP) != 0) {
            long length = info.add(44).getInt() & 0xFFFFFFFFL;
            long at = info.add(48).getInt() & 0xFFFFFFFFL;
            long end = at + length;
            while (at < end) {
                Address entry = Address.fromLong(at);
                int size = entry.getInt();
                memoryMap.add(new MemoryRegion(entry.add(4).getLong(), entry.add(12).getLong(), entry.add(20).getInt()));
                at += size + 4;
            }
        }
    }

    private static List<Range> bootInformation(long info, int flags) {
        List<Range> out = new ArrayList<>();
        if (info == 0) {
            return out;
        }
        out.add(new Range(info, info + 0x1000));
        Address i = Address.fromLong(info);
        if ((flags & FLAG_CMDLINE) != 0) {
            long cmdline = i.add(16).getInt() & 0xFFFFFFFFL;
            out.add(new Range(cmdline, cmdline + 0x1000));
        }
        if ((flags & FLAG_MODULES) != 0) {
            int count = i.add(20).getInt();
            long mods = i.add(24).getInt() & 0xFFFFFFFFL;
            out.add(new Range(mods, mods + 16L * count));
            for (int m = 0; m < count; m++) {
                long name = Address.fromLong(mods + 16L * m + 8).getInt() & 0xFFFFFFFFL;
                out.add(new Range(name, name + 0x1000));
            }
        }
        if ((flags & FLAG_MMAP) != 0) {
            long length = i.add(44).getInt() & 0xFFFFFFFFL;
            long map = i.add(48).getInt() & 0xFFFFFFFFL;
            out.add(new Range(map, map + length));
        }
        return out;
    }

    /** The structure the boot loader passed to this kernel. */
    public static Multiboot fromBootLoader() {
        return new Multiboot(Cpu.multibootInfo());
    }

    /** Total usable RAM in bytes, from the memory map when present, else from mem_upper. */
    public long usableBytes() {
        long total = 0;
        for (MemoryRegion r : memoryMap) {
            if (r.usable()) {
                total += r.length;
            }
        }
        return total > 0 ? total : (memoryLowerKiB + memoryUpperKiB) * 1024;
    }

    private static String cString(long address) {
        if (address == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        Address p = Address.fromLong(address);
        for (int i = 0; i < 4096; i++) {
            int b = p.add(i).getByte() & 0xFF;
            if (b == 0) {
                break;
            }
            sb.append((char) b);
        }
        return sb.toString();
    }
}
