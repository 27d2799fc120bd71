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

    public final int flags;
    public final long memoryLowerKiB;
    public final long memoryUpperKiB;
    public final String commandLine;
    public final List<Module> modules;
    public final List<MemoryRegion> memoryMap;

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
