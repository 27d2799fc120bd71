package oolong.kernel.mem;

import oolong.kernel.platform.Tlb;
/** The host's stand-in for the TLB: records invalidations and CR3 loads, touches nothing. */
public final class RecordingTlb implements Tlb {
    private long cr3;
    private long invalidations;
    private long loads;
    private long lastInvalidated = -1;

    public RecordingTlb(long initialCr3) {
        this.cr3 = initialCr3;
    }

    @Override
    public void invalidate(long virtualAddress) {
        invalidations++;
        lastInvalidated = virtualAddress;
    }

    @Override
    public void load(long pml4Physical) {
        loads++;
        cr3 = pml4Physical;
    }

    @Override
    public long loaded() {
        return cr3;
    }

    public long invalidations() {
        return invalidations;
    }

    public long loads() {
        return loads;
    }

    public long lastInvalidated() {
        return lastInvalidated;
    }
}
