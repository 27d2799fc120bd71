package oolong.kernel.proc;

import oolong.kernel.plant.PlantedBugs;
import oolong.api.Errno;
import oolong.kernel.fault.FaultPoint;
import oolong.kernel.handle.Handle;
import oolong.kernel.handle.HandleType;
import oolong.kernel.handle.Handles;
import oolong.kernel.handle.Pipe;
import oolong.kernel.mem.AddressSpace;
import oolong.kernel.mem.MemStatus;

/**
 * Pipes as the seed has them: no buffer, a reader and a writer meet and the bytes go from one
 * process's memory to the other's ({@link #transfer}, the one place every byte passes through),
 * whoever comes first waits in the pipe's queue (WAITS4PIPE). Closing an end releases the waiters
 * on the other side: readers see the end of data, writers EPIPE.
 */
public final class Pipes {
    private static final int MOVED = 0;
    private static final int WRITER_FAULT = 1;
    private static final int READER_FAULT = 2;
    private static final int DROPPED = 3;

    private final Processes model;
    private final Handles handles;
    private final byte[] buffer = new byte[4096];
    /** Bytes the last successful transfer moved. */
    private int moved;
    private FaultPoint dropFault;
    private FaultPoint truncateFault;

    Pipes(Processes model, Handles handles) {
        this.model = model;
        this.handles = handles;
        handles.setPipeListener(this::endClosed);
    }

    void setFaultPoints(FaultPoint drop, FaultPoint truncate) {
        this.dropFault = drop;
        this.truncateFault = truncate;
    }

    /**
     * Creates a pipe in the process's handle table: its read slot in the low 32 bits and its write
     * slot in the high 32 bits (what the pipe system call stores for the caller), or a negative errno.
     */
    public long create(Process p) {
        Pipe pipe = handles.newPipe();
        int r = p.handles.put(pipe.readEnd());
        if (r < 0) {
            handles.discard(pipe.writeEnd());
            return r;
        }
        int w = p.handles.put(pipe.writeEnd());
        if (w < 0) {
            p.handles.close(r);
            return w;
        }
        return (r & 0xFFFFFFFFL) | ((long) w << 32);
    }

    /** The read slot of a pipe {@link #create} made. */
    public static int readSlot(long ends) {
        return (int) ends;
    }

    /** The write slot of a pipe {@link #create} made. */
    public static int writeSlot(long ends) {
        return (int) (ends >>> 32);
    }

    /**
     * Reads from a pipe end into the caller's buffer: the bytes a queued writer offers (waking it),
     * 0 when the write end is closed and nobody waits to write, or {@link Processes#BLOCKED}. Errors:
     * the wrong end (-EBADF), not a pipe (-ENOSYS), a bad buffer (-EFAULT).
     */
    public long read(Process p, int handleId, long buffer, int length) {
        return meet(p, handleId, buffer, length, true);
    }

    /** Writes to a pipe end: like {@link #read}; -EPIPE when the read end is closed. */
    public long write(Process p, int handleId, long buffer, int length) {
        return meet(p, handleId, buffer, length, false);
    }

    private long meet(Process p, int handleId, long buffer, int length, boolean read) {
        Handle h = model.handleIds().handle(p, handleId);
        if (h == null) {
            return -Errno.EBADF;
        }
        if (h.type != HandleType.PIPE) {
            return -Errno.ENOSYS;
        }
        if (read ? !h.readable : !h.writable) {
            return -Errno.EBADF;
        }
        if (length < 0) {
            return -Errno.EINVAL;
        }
        Pipe pipe = h.pipe;
        while (true) {
            Process peer = (Process) pipe.queueHead;
            if (peer != null && peer.pipeWantsRead != read) {
                pipe.remove(peer);
                peer.waitPipe = null;
                Process writer = read ? peer : p;
                Process reader = read ? p : peer;
                int status = read ? transfer(peer, peer.pipeBuffer, peer.pipeLength, p, buffer, length)
                        : transfer(p, buffer, length, peer, peer.pipeBuffer, peer.pipeLength);
                if (status == MOVED) {
                    model.wake(peer, moved);
                    if (PlantedBugs.pipe && !read && moved < length) {
                        /* PLANTED BUG (plant=pipe, test only; see PlantedBugs): the writer hears all its bytes went */
                        return length;
                    }
                    return moved;
                }
                if (status == DROPPED) {
                    /* fault injection: the writer hears all went well, the reader keeps waiting */
                    if (read) {
                        model.wake(peer, peer.pipeLength);
                        continue;
                    }
                    peer.waitPipe = pipe;
                    pipe.requeueFirst(peer);
                    return length;
                }
                Process faulty = status == WRITER_FAULT ? writer : reader;
                if (faulty == peer) {
                    model.wake(peer, -Errno.EFAULT);     /* its buffer was bad; try the next one in line */
                    continue;
                }
                peer.waitPipe = pipe;
                pipe.requeueFirst(peer);                /* ours was bad: the peer keeps its place */
                return -Errno.EFAULT;
            }
            if (read ? !pipe.writeEndOpen() : !pipe.readEndOpen()) {
                return read ? 0 : -Errno.EPIPE;
            }
            model.setState(p, ProcessState.WAITS4PIPE);
            p.waitPipe = pipe;
            p.pipeWantsRead = read;
            p.pipeBuffer = buffer;
            p.pipeLength = length;
            pipe.enqueue(p);
            return Processes.BLOCKED;
        }
    }

    /**
     * Moves min(lengths) bytes from the writer's buffer to the reader's, a page at a time through
     * the kernel; says which side's buffer was bad, or that fault injection dropped the write.
     */
    private int transfer(Process writer, long from, int fromLength, Process reader, long to, int toLength) {
        int n = Math.min(fromLength, toLength);
        if (dropFault != null && dropFault.shouldFail(writer.pid)) {
            return DROPPED;
        }
        if (truncateFault != null && n > 0 && truncateFault.shouldFail(writer.pid)) {
            n = (int) Math.max(1, Math.min(n, truncateFault.parameter()));
        }
        AddressSpace src = writer.space;
        AddressSpace dst = reader.space;
        for (int done = 0; done < n;) {
            int chunk = Math.min(buffer.length, n - done);
            if (src.read(from + done, buffer, 0, chunk) != MemStatus.OK) {
                return WRITER_FAULT;
            }
            if (dst.write(to + done, buffer, 0, chunk) != MemStatus.OK) {
                return READER_FAULT;
            }
            done += chunk;
        }
        moved = n;
        return MOVED;
    }

    /** Takes a waiting process out of its pipe's queue (it was killed). */
    void cancelWait(Process p) {
        if (!p.waitPipe.remove(p)) {
            throw new oolong.kernel.error.KernelBug(p + " waits on a pipe but is not in its queue");
        }
        p.waitPipe = null;
    }

    /** A pipe end closed: processes waiting on the other side learn it (end of data, or EPIPE). */
    private void endClosed(Pipe pipe, boolean readEnd) {
        for (Process p = (Process) pipe.queueHead; p != null;) {
            Process next = p.nextInPipeQueue;
            boolean affected = readEnd ? !p.pipeWantsRead : p.pipeWantsRead;
            if (affected) {
                pipe.remove(p);
                p.waitPipe = null;
                model.wake(p, readEnd ? -Errno.EPIPE : 0);
            }
            p = next;
        }
    }
}
