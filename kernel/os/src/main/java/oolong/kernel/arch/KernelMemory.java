package oolong.kernel.arch;

import oolong.kernel.exec.ElfException;
import oolong.kernel.exec.ElfImage;
import oolong.kernel.mem.FrameAllocator;
import oolong.kernel.mem.MemoryManager;
import oolong.kernel.mem.Pte;
import org.teavm.interop.Address;

/**
 * Builds the guest's memory system from what the boot loader and the boot stub left: the frame
 * allocator from the multiboot memory map, minus everything below 1 MiB, the kernel image, the
 * modules, the Java runtime's arena and everything at or above 1 GiB; and the kernel's shared page
 * directory, found through the boot CR3 (PML4[0] -> PDPT, PDPT[0] -> PD).
 */
public final class KernelMemory {
    private static MemoryManager instance;
    private static ElfImage userImage;

    private KernelMemory() {
    }

    /** The frame allocator for this machine's memory map (does not install anything). */
    public static FrameAllocator frameAllocator(Multiboot boot) {
        /* a new QEMU gives zeroed RAM and nothing has written to the free frames yet (scrub: see FrameAllocator) */
        FrameAllocator.Builder b = new FrameAllocator.Builder().limit(FrameAllocator.LIMIT).zeroed(true);
        boolean any = false;
        for (Multiboot.MemoryRegion r : boot.memoryMap) {
            if (r.usable()) {
                b.usable(r.base, r.length);
                any = true;
            }
        }
        if (!any) {
            b.usable(0x10_0000L, boot.memoryUpperKiB * 1024);   /* no map: mem_upper KiB from 1 MiB */
        }
        for (Multiboot.MemoryRegion r : boot.memoryMap) {
            if (!r.usable() && r.length > 0) {
                b.exclude(r.base, r.base + r.length);   /* overlapping reserved entries win */
            }
        }
        b.exclude(0, 0x10_0000L);
        b.exclude(Cpu.imageStart(), Cpu.imageEnd());
        for (Multiboot.Module m : boot.modules) {
            b.exclude(m.start, m.end);
        }
        b.exclude(Cpu.arenaStart(), Cpu.arenaEnd());
        excludeBootInformation(b, Cpu.multibootInfo());
        return b.build();
    }

    /**
     * The multiboot information, command line, module list and names and memory map may lie in RAM
     * the map calls usable (QEMU puts them after the modules): keep them out, a page each at least.
     */
    private static void excludeBootInformation(FrameAllocator.Builder b, long info) {
        if (info == 0) {
            return;
        }
        b.exclude(info, info + 0x1000);
        Address i = Address.fromLong(info);
        int flags = i.getInt();
        if ((flags & (1 << 2)) != 0) {
            long cmdline = i.add(16).getInt() & 0xFFFFFFFFL;
            b.exclude(cmdline, cmdline + 0x1000);
        }
        if ((flags & (1 << 3)) != 0) {
            int count = i.add(20).getInt();
            long mods = i.add(24).getInt() & 0xFFFFFFFFL;
            b.exclude(mods, mods + 16L * count);
            for (int m = 0; m < count; m++) {
                long name = Address.fromLong(mods + 16L * m + 8).getInt() & 0xFFFFFFFFL;
                b.exclude(name, name + 0x1000);
            }
        }
        if ((flags & (1 << 6)) != 0) {
            long length = i.add(44).getInt() & 0xFFFFFFFFL;
            long map = i.add(48).getInt() & 0xFFFFFFFFL;
            b.exclude(map, map + length);
        }
    }

    /** The kernel's memory manager, built on first call. */
    public static MemoryManager boot(Multiboot boot) {
        if (instance == null) {
            long pml4 = HardwareTlb.INSTANCE.loaded();
            IdentityMappedMemory mem = IdentityMappedMemory.INSTANCE;
            long pdpt = mem.getLong(pml4) & Pte.ADDRESS_MASK;
            long pd = mem.getLong(pdpt) & Pte.ADDRESS_MASK;
            instance = new MemoryManager(mem, frameAllocator(boot), HardwareTlb.INSTANCE, pml4, pd);
        }
        return instance;
    }

    /**
     * The user image (the boot module whose name ends in "user.elf", else the first module), parsed
     * once; load it into each new process with {@link ElfImage#loadProcess}.
     */
    public static ElfImage userImage(Multiboot boot) throws ElfException {
        if (userImage == null) {
            Multiboot.Module found = null;
            for (Multiboot.Module m : boot.modules) {
                if (found == null || m.name.endsWith("user.elf")) {
                    found = m;
                }
            }
            if (found == null) {
                throw new ElfException("no boot module: start QEMU with -initrd user.elf");
            }
            userImage = ElfImage.parse(IdentityMappedMemory.INSTANCE, found.start, found.end - found.start);
        }
        return userImage;
    }

    /** The kernel's memory manager, or null before {@link #boot}. */
    public static MemoryManager get() {
        return instance;
    }
}
