package oolong.kernel.proc;

import oolong.kernel.error.KernelBug;

/**
 * The timer queue: processes in WAITS4TIMER, doubly linked through themselves in deadline order
 * (earliest first; equal deadlines in the order they went to sleep). Going to sleep is O(1) in the
 * usual case (a new sleep ends last), leaving the queue is O(1), and the tick wakes from the front.
 * Allocation-free.
 */
public final class Sleepers {
    private final Processes model;
    private Process first;
    private Process last;

    Sleepers(Processes model) {
        this.model = model;
    }

    /** Puts a RUNNING process to sleep until the deadline (in the clock's units); the caller waits: {@link Processes#BLOCKED}. */
    public long sleep(Process p, long deadline) {
        model.setState(p, ProcessState.WAITS4TIMER);
        p.wakeAt = deadline;
        /* from the latest deadline back: a new sleep usually ends last, so this is O(1) then, and a
           sleeper goes after those with the same deadline (first come, first woken) */
        Process before = last;
        while (before != null && before.wakeAt > deadline) {
            before = before.prevSleeper;
        }
        Process after = before == null ? first : before.nextSleeper;
        p.prevSleeper = before;
        p.nextSleeper = after;
        if (before == null) {
            first = p;
        } else {
            before.nextSleeper = p;
        }
        if (after == null) {
            last = p;
        } else {
            after.prevSleeper = p;
        }
        return Processes.BLOCKED;
    }

    /** Takes a sleeper out of the queue (it was killed). */
    void remove(Process p) {
        Process before = p.prevSleeper;
        Process after = p.nextSleeper;
        if ((before == null ? first : before.nextSleeper) != p || (after == null ? last : after.prevSleeper) != p) {
            throw new KernelBug(p + " sleeps but is not in the timer queue");
        }
        if (before == null) {
            first = after;
        } else {
            before.nextSleeper = after;
        }
        if (after == null) {
            last = before;
        } else {
            after.prevSleeper = before;
        }
        p.prevSleeper = null;
        p.nextSleeper = null;
    }

    /** Wakes every sleeper whose deadline has passed, in deadline order (the sleep returns 0); returns how many. */
    public int wakeDue(long now) {
        int n = 0;
        while (first != null && first.wakeAt <= now) {
            Process p = first;
            first = p.nextSleeper;
            if (first == null) {
                last = null;
            } else {
                first.prevSleeper = null;
            }
            p.nextSleeper = null;
            model.wake(p, 0);
            n++;
        }
        return n;
    }

    /** The earliest deadline of a sleeper, or Long.MAX_VALUE. */
    public long nextDeadline() {
        return first == null ? Long.MAX_VALUE : first.wakeAt;
    }

    Process first() {
        return first;
    }

    Process last() {
        return last;
    }
}
