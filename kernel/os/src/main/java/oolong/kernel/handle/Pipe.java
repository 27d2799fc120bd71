package oolong.kernel.handle;

/**
 * A pipe: two ends that know each other and a queue of processes blocked on it. Like the seed's
 * pipes it has no buffer: a reader and a writer meet and the bytes go straight from one process's
 * memory to the other's, so whoever arrives first waits in the queue (all waiters are readers,
 * or all are writers). The transfer itself is the process model's (oolong.kernel.proc.Pipes).
 */
public final class Pipe {
    final Handle readEnd;
    final Handle writeEnd;
    /** The first and last process waiting on the pipe, linked through the waiters ({@link PipeWaiter}). */
    public PipeWaiter queueHead;
    public PipeWaiter queueTail;
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

    public void enqueue(PipeWaiter p) {
        p.setNextWaiter(null);
        if (queueTail == null) {
            queueHead = p;
        } else {
            queueTail.setNextWaiter(p);
        }
        queueTail = p;
    }

    /** Puts a waiter back at the head of the queue (it keeps its place after a failed transfer). */
    public void requeueFirst(PipeWaiter p) {
        p.setNextWaiter(queueHead);
        queueHead = p;
        if (queueTail == null) {
            queueTail = p;
        }
    }

    /** Removes a waiter from the queue; returns whether it was there. */
    public boolean remove(PipeWaiter p) {
        PipeWaiter prev = null;
        for (PipeWaiter it = queueHead; it != null; prev = it, it = it.nextWaiter()) {
            if (it == p) {
                if (prev == null) {
                    queueHead = it.nextWaiter();
                } else {
                    prev.setNextWaiter(it.nextWaiter());
                }
                if (queueTail == p) {
                    queueTail = prev;
                }
                p.setNextWaiter(null);
                return true;
            }
        }
        return false;
    }

    public int queueLength() {
        int n = 0;
        for (PipeWaiter it = queueHead; it != null; it = it.nextWaiter()) {
            n++;
        }
        return n;
    }
}
