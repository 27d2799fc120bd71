package oolong.api;

/** Flags of the memflag system call. */
public final class MemFlags {
    /** Map the range (zeroed pages); without it the range is unmapped. */
    public static final int PRESENT = 1;
    /** Find a free range of the given length first (addr is a hint), then apply PRESENT if given. */
    public static final int FINDFREE = 2;

    private MemFlags() {
    }
}
