package oolong.kernel.handle;

import oolong.kernel.proc.Process;

/**
 * A pipe: two ends that know each other and a queue of processes blocked on it. Like the seed's
 * pipes it has no buffer: a reader and a writer meet and the bytes go straight from one process's
 * memory to the other's, so whoever arrives first waits in the queue (all waiters are readers,
 * or all are writers). The transfer itself is the process model's (oolong.kernel.proc.Processes).
 */
public final class Pipe {
    final Handle readEnd;
    final Handle writeEnd;
    /** The first and last process waiting on the pipe, linked through Process.nextInPipeQueue. */
    public Process queueHead;
    public Process queueTail;
    final long id;

    Pipe(long id) {
        this.id = id;
        this.readEnd = new Handle(HandleType.PIPE, true, false, this, true, "pipe " + id + " read end", false);
        this.writeEnd = new Handle(HandleType.PIPE, false, true, this, false, "pipe " + id + " write end", false);
    }

    public long id() {
        return id;
    }

    public Handle readEnd() {
        return readEnd;
    }

    public Handle writeEnd() {
        return writeEnd;
    }

    public boolean readEndOpen() {
        return !readEnd.closed;
    }

    public boolean writeEndOpen() {
        return !writeEnd.closed;
    }

    /** The other end of this pipe. */
    public Handle peerOf(Handle end) {
        return end == readEnd ? writeEnd : readEnd;
    }

    public void enqueue(Process p) {
        p.nextInPipeQueue = null;
        if (queueTail == null) {
            queueHead = p;
        } else {
            queueTail.nextInPipeQueue = p;
        }
        queueTail = p;
    }

    /** Removes a process from the queue; returns whether it was there. */
    public boolean remove(Process p) {
        Process prev = null;
        for (Process it = queueHead; it != null; prev = it, it = it.nextInPipeQueue) {
            if (it == p) {
                if (prev == null) {
                    queueHead = it.nextInPipeQueue;
                } else {
                    prev.nextInPipeQueue = it.nextInPipeQueue;
                }
                if (queueTail == p) {
                    queueTail = prev;
                }
                p.nextInPipeQueue = null;
                return true;
            }
        }
        return false;
    }

    public Process pollFirst() {
        Process p = queueHead;
        if (p != null) {
            remove(p);
        }
        return p;
    }

    public int queueLength() {
        int n = 0;
        for (Process it = queueHead; it != null; it = it.nextInPipeQueue) {
            n++;
        }
        return n;
    }
}
