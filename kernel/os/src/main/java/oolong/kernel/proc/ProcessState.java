package oolong.kernel.proc;

/**
 * The seed's process states. A process is alive unless it is TOREAP, TOMBSTONE, FORGOTTEN or
 * FREED; the legal transitions are checked in one place, {@link Processes#setState}.
 *
 * <pre>
 *   RUNNING <-> WAITS4CHILDDEATH | WAITS4PIPE | WAITS4TIMER | WAITS4FS | WAITS4REQUEST
 *   (alive) --kill--> DYING --> TOREAP (parent alive, code not collected) --> TOMBSTONE
 *                          \--> TOMBSTONE (parent dead, or nobody will reap)
 *   TOMBSTONE (kept while it has children) --> FORGOTTEN (out of the tree) --> FREED
 * </pre>
 *
 * Each state carries its facts as final fields (alive, waiting, the states it may be entered
 * from as a bit set), so the checks on the hot paths of fork and kill read a field of the state
 * instead of comparing it with several constants or switching through a map of ordinals.
 */
public enum ProcessState {
    /** From RUNNING (no change) or from a wait (woken). */
    RUNNING(Bits.RUNNING, Bits.RUNNING | Bits.WAITING),
    WAITS4CHILDDEATH(Bits.WAITS4CHILDDEATH, Bits.RUNNING),
    WAITS4PIPE(Bits.WAITS4PIPE, Bits.RUNNING),
    WAITS4TIMER(Bits.WAITS4TIMER, Bits.RUNNING),
    /** Waiting for a filesystem request: not used until user-space filesystems exist. */
    WAITS4FS(Bits.WAITS4FS, Bits.RUNNING),
    WAITS4REQUEST(Bits.WAITS4REQUEST, Bits.RUNNING),
    /** Killed: from any live state but itself. */
    DYING(Bits.DYING, Bits.ALIVE & ~Bits.DYING),
    /** From DYING, while the parent is alive and no child is TOREAP (checked by setState). */
    TOREAP(Bits.TOREAP, Bits.DYING),
    TOMBSTONE(Bits.TOMBSTONE, Bits.TOREAP | Bits.DYING),
    FORGOTTEN(Bits.FORGOTTEN, Bits.TOMBSTONE),
    FREED(Bits.FREED, Bits.FORGOTTEN);

    /** 1 << ordinal(), spelled out so the constructors can use them (ProcessStateTest checks). */
    static final class Bits {
        static final int RUNNING = 1;
        static final int WAITS4CHILDDEATH = 1 << 1;
        static final int WAITS4PIPE = 1 << 2;
        static final int WAITS4TIMER = 1 << 3;
        static final int WAITS4FS = 1 << 4;
        static final int WAITS4REQUEST = 1 << 5;
        static final int DYING = 1 << 6;
        static final int TOREAP = 1 << 7;
        static final int TOMBSTONE = 1 << 8;
        static final int FORGOTTEN = 1 << 9;
        static final int FREED = 1 << 10;
        static final int WAITING = WAITS4CHILDDEATH | WAITS4PIPE | WAITS4TIMER | WAITS4FS | WAITS4REQUEST;
        static final int ALIVE = RUNNING | WAITING | DYING;

        private Bits() {
        }
    }

    /** This state's bit. */
    final int bit;
    /** The states this one may be entered from, as bits. */
    final int legalFrom;
    private final boolean alive;
    private final boolean waiting;

    ProcessState(int bit, int legalFrom) {
        this.bit = bit;
        this.legalFrom = legalFrom;
        this.alive = (bit & Bits.ALIVE) != 0;
        this.waiting = (bit & Bits.WAITING) != 0;
    }

    public boolean alive() {
        return alive;
    }

    public boolean waiting() {
        return waiting;
    }
}
