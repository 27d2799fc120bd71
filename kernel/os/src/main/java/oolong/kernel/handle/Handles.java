package oolong.kernel.handle;

/**
 * Creates and retires handles and keeps the counters the invariant check compares with what is
 * reachable: open handles, open pipes, handle tables.
 */
public final class Handles {
    /** The null filesystem: one handle shared by everyone, never closed (the seed's refcount 2 trick). */
    public static final Handle NULL_FS = Handle.fsFront("null filesystem", true);

    /** Special handle ids, negative so they can never be table slots. */
    public static final int NULL_FS_ID = -2;
    public static final int PROCFS_ID = -3;

    /** Told when a pipe end closes, so blocked processes on the other side can be released. */
    public interface PipeListener {
        void endClosed(Pipe pipe, boolean readEnd);
    }

    private long openHandles;
    private long openPipes;
    private long tables;
    private long nextPipeId = 1;
    private PipeListener pipeListener;

    public void setPipeListener(PipeListener listener) {
        pipeListener = listener;
    }

    /** A new pipe; both ends start with refcount 0 (the caller installs them). */
    public Pipe newPipe() {
        Pipe p = new Pipe(nextPipeId++);
        openHandles += 2;
        openPipes++;
        return p;
    }

    public Handle newProcfs(int pid) {
        Handle h = Handle.fsFront("procfs of " + pid, false);
        openHandles++;
        return h;
    }

    public HandleTable newTable() {
        tables++;
        return new HandleTable(this);
    }

    void tableFreed() {
        tables--;
    }

    public void retain(Handle h) {
        if (h.closed) {
            throw new oolong.kernel.error.KernelBug("retaining a closed handle: " + h);
        }
        h.refcount++;
    }

    /** Drops one reference; the last one closes the handle. */
    public void release(Handle h) {
        if (h.permanent) {
            return;
        }
        if (h.refcount <= 0 || h.closed) {
            throw new oolong.kernel.error.KernelBug("releasing a handle with refcount " + h.refcount + ": " + h);
        }
        h.refcount--;
        if (h.refcount == 0) {
            close(h);
        }
    }

    private void close(Handle h) {
        h.closed = true;
        openHandles--;
        if (h.type == HandleType.PIPE) {
            if (h.pipe.readEnd.closed && h.pipe.writeEnd.closed) {
                openPipes--;
            }
            if (pipeListener != null) {
                pipeListener.endClosed(h.pipe, h.readEnd);
            }
        }
    }

    /** Closes a fresh handle nobody took (e.g. half of a pipe whose creation failed). */
    public void discard(Handle h) {
        if (h.refcount != 0 || h.closed) {
            throw new oolong.kernel.error.KernelBug("discarding a handle in use: " + h);
        }
        close(h);
    }

    public long openHandles() {
        return openHandles;
    }

    public long openPipes() {
        return openPipes;
    }

    public long tables() {
        return tables;
    }
}
