package oolong.kernel.handle;

/**
 * What waits in a pipe's queue (a process blocked reading or writing). The queue is linked through
 * the waiters themselves, so blocking on a pipe allocates nothing; the process model, which owns the
 * waiters, does the transfer.
 */
public interface PipeWaiter {
    PipeWaiter nextWaiter();

    void setNextWaiter(PipeWaiter next);
}
