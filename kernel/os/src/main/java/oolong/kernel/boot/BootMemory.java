package oolong.kernel.boot;

import oolong.kernel.arch.HardwareTlb;
import oolong.kernel.arch.IdentityMappedMemory;
import oolong.kernel.arch.MemoryLayout;
import oolong.kernel.arch.Multiboot;
import oolong.kernel.exec.ElfException;
import oolong.kernel.exec.ElfImage;
import oolong.kernel.mem.FrameAllocator;
import oolong.kernel.mem.MemoryManager;
import oolong.kernel.mem.Pte;

/**
 * The guest's memory system, made from what the boot loader and the boot stub left: the frame
 * allocator from the multiboot memory map, minus everything below 1 MiB, the kernel image, the
 * modules, the Java runtime's arena, the boot loader's own structures and everything at or above
 * 1 GiB; the kernel's shared page directory, found through the boot CR3 (PML4[0] -> PDPT,
 * PDPT[0] -> PD); and the user image, one of the modules. This is policy (which memory is whose);
 * arch reads the structures, mem manages the result. The entry point builds each once.
 */
public final class BootMemory {
    private BootMemory() {
    }

    /** The frame allocator for this machine's memory map (does not install anything). */
    public static FrameAllocator frameAllocator(Multiboot boot, MemoryLayout layout) {
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
        b.exclude(layout.imageStart, layout.imageEnd);
        for (Multiboot.Module m : boot.modules) {
            b.exclude(m.start, m.end);
        }
        b.exclude(layout.arenaStart, layout.arenaEnd);
        for (Multiboot.Range r : boot.bootInformation) {
            b.exclude(r.start, r.end);
        }
        return b.build();
    }

    /** The kernel's memory manager over this machine's memory and the boot page tables (in CR3 now). */
    public static MemoryManager memoryManager(Multiboot boot, MemoryLayout layout) {
        long pml4 = HardwareTlb.INSTANCE.loaded();
        IdentityMappedMemory mem = IdentityMappedMemory.INSTANCE;
        long pdpt = mem.getLong(pml4) & Pte.ADDRESS_MASK;
        long pd = mem.getLong(pdpt) & Pte.ADDRESS_MASK;
        return new MemoryManager(mem, frameAllocator(boot, layout), HardwareTlb.INSTANCE, pml4, pd);
    }

    /**
     * The user image (the boot module whose name ends in "user.elf", else the first module), parsed;
     * load it into each new process with {@link ElfImage#loadProcess}.
     */
    public static ElfImage userImage(Multiboot boot) throws ElfException {
        Multiboot.Module found = null;
        for (Multiboot.Module m : boot.modules) {
            if (found == null || m.name.endsWith("user.elf")) {
                found = m;
            }
        }
        if (found == null) {
            throw new ElfException("no boot module: start QEMU with -initrd user.elf");
        }
        return ElfImage.parse(IdentityMappedMemory.INSTANCE, found.start, found.end - found.start);
    }
}
