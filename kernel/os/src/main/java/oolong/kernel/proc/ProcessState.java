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
 */
public enum ProcessState {
    RUNNING,
    WAITS4CHILDDEATH,
    WAITS4PIPE,
    WAITS4TIMER,
    /** Waiting for a filesystem request: not used until user-space filesystems exist. */
    WAITS4FS,
    /** Waiting for a request: a puppet waiting for its next command from the REPL. */
    WAITS4REQUEST,
    DYING,
    TOREAP,
    TOMBSTONE,
    FORGOTTEN,
    FREED;

    public boolean alive() {
        return this != TOREAP && this != TOMBSTONE && this != FORGOTTEN && this != FREED;
    }

    public boolean waiting() {
        return this == WAITS4CHILDDEATH || this == WAITS4PIPE || this == WAITS4TIMER || this == WAITS4FS
                || this == WAITS4REQUEST;
    }
}
