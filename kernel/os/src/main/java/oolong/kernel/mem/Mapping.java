package oolong.kernel.mem;

/**
 * One run of the page-mapping dump: {@code pages} consecutive virtual pages from
 * {@code virtualStart} mapped to consecutive frames from {@code physicalStart}, all with the same
 * leaf flags (accessed/dirty ignored) and the same sharing state ({@code shared}: every frame of
 * the run has more than one reference).
 */
public record Mapping(long virtualStart, long pages, long physicalStart, long flags, boolean shared) {
    public long virtualEnd() {
        return virtualStart + (pages << 12);
    }

    public boolean writable() {
        return (flags & Pte.WRITABLE) != 0;
    }

    public boolean copyOnWrite() {
        return (flags & Pte.COW) != 0;
    }

    public boolean executable() {
        return (flags & Pte.NX) == 0;
    }

    @Override
    public String toString() {
        return "0x" + Long.toHexString(virtualStart) + " +" + pages + " -> 0x" + Long.toHexString(physicalStart) + " ["
                + Pte.describe(flags) + "]" + (shared ? " shared" : "");
    }

    /** Receives the runs of a walk in ascending virtual order. */
    public interface Visitor {
        void mapping(long virtualStart, long pages, long physicalStart, long flags, boolean shared);
    }
}
