package oolong.api;

/** Flags of the fork system call (the seed's values). */
public final class ForkFlags {
    /** Nobody will await the child: it goes straight to tombstone when it dies. */
    public static final int NOREAP = 1;
    /** The child serves a new filesystem: not supported until user-space filesystems exist. */
    public static final int NEWFS = 2;
    /** The child shares the parent's address space (a thread). */
    public static final int SHAREMEM = 4;
    /** The child shares the parent's handle table. */
    public static final int SHAREHANDLE = 8;

    private ForkFlags() {
    }
}
