package oolong.kernel.handle;

/**
 * A kernel object a process refers to through a slot of its handle table. Handles are
 * refcounted: every table slot (and the procfs reference) holds one reference; the object is
 * closed when the last one goes.
 */
public final class Handle {
    public final HandleType type;
    public final boolean readable;
    public final boolean writable;
    /** For pipe ends: the pipe, and which end this is. */
    public final Pipe pipe;
    public final boolean readEnd;
    /** A description for dumps ("null filesystem", "procfs of 7"). */
    public final String label;
    /** Never closed (the shared null-filesystem handle). */
    final boolean permanent;

    int refcount;
    boolean closed;

    Handle(HandleType type, boolean readable, boolean writable, Pipe pipe, boolean readEnd, String label, boolean permanent) {
        this.type = type;
        this.readable = readable;
        this.writable = writable;
        this.pipe = pipe;
        this.readEnd = readEnd;
        this.label = label;
        this.permanent = permanent;
    }

    public int refcount() {
        return refcount;
    }

    public boolean closed() {
        return closed;
    }

    /** A filesystem front handle (procfs); the null filesystem's is {@link Handles#NULL_FS}. */
    static Handle fsFront(String label, boolean permanent) {
        return new Handle(HandleType.FS_FRONT, false, false, null, false, label, permanent);
    }

    @Override
    public String toString() {
        return type == HandleType.PIPE ? (readEnd ? "pipe read end" : "pipe write end") : label;
    }
}
