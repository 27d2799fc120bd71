package oolong.kernel.arch;

import oolong.kernel.platform.Tlb;

/** The real TLB and CR3 (k_invlpg, k_write_cr3, k_read_cr3). */
public final class HardwareTlb implements Tlb {
    public static final HardwareTlb INSTANCE = new HardwareTlb();

    private HardwareTlb() {
    }

    @Override
    public void invalidate(long virtualAddress) {
        Cpu.invlpg(virtualAddress);
    }

    @Override
    public void load(long pml4Physical) {
        Cpu.writeCr3(pml4Physical);
    }

    @Override
    public long loaded() {
        return Cpu.cr3() & 0x000F_FFFF_FFFF_F000L;
    }
}
