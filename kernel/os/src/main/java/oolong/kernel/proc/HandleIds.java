package oolong.kernel.proc;

import oolong.api.Errno;
import oolong.kernel.handle.Handle;
import oolong.kernel.handle.Handles;

/**
 * A process's handle ids as its system calls name them: a slot of its handle table, or one of the
 * two special ids (the null filesystem, and its procfs handle made on first use); dup and close.
 * A part of {@link Processes} in a file of its own.
 */
public final class HandleIds {
    private final Handles handles;

    HandleIds(Handles handles) {
        this.handles = handles;
    }

    /** Resolves a handle id of a process, including the two special ids (null filesystem, procfs). */
    public Handle handle(Process p, int id) {
        if (id == Handles.NULL_FS_ID) {
            return Handles.NULL_FS;
        }
        if (id == Handles.PROCFS_ID) {
            if (p.procfs == null) {
                p.procfs = handles.newProcfs(p.pid);
                handles.retain(p.procfs);
            }
            return p.procfs;
        }
        return p.handles == null ? null : p.handles.slot(id);
    }

    public int dup(Process p, int from, int to) {
        return p.handles.dup(handle(p, from), from, to);
    }

    /** Closes a slot: 0, or -EBADF. */
    public int close(Process p, int id) {
        return p.handles.close(id) ? 0 : -Errno.EBADF;
    }
}
