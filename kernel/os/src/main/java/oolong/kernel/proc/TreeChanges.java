package oolong.kernel.proc;

/**
 * What changed in the process tree since a generation, for the agent's incremental {@code ps}
 * ({@code "since":G}, docs/agent-protocol.md): a host that keeps the last tree asks only for the
 * rows added, changed and removed since the generation its copy has, so that a refresh costs per
 * change rather than per byte of every row.
 *
 * A generation is handed out by each {@code ps} ({@link #next}). Changes are found where they
 * are cheap to find: a process's reported values (state, exit code, CPU time, pages, ...) are
 * compared with what the last {@code ps} saw of it ({@link #observe}), so the model's hot paths
 * (fork, a context switch, a page fault) do no bookkeeping for it; a process leaving the tree is
 * recorded when it does ({@link #removed}), in a ring of the last {@value #REMOVALS} removals.
 * When removals a caller has not seen were overwritten, or its generation is not one this
 * kernel handed out, {@link #canTell} is false and the caller gets the whole tree.
 */
public final class TreeChanges {
    static final int REMOVALS = 4096;

    private long generation;
    private final int[] removedPid = new int[REMOVALS];
    private final long[] removedAt = new long[REMOVALS];
    private int removedNext;
    private int removedCount;
    /** The newest generation among the removals the ring has overwritten. */
    private long lostUpTo;

    /** The generation of the last ps answer (0 before the first). */
    public long generation() {
        return generation;
    }

    /** A new generation, for the ps that is being answered: every change seen from now on is after it. */
    public long next() {
        return ++generation;
    }

    /** Whether the changes since generation {@code since} are all known. */
    public boolean canTell(long since) {
        return since > 0 && since <= generation && since >= lostUpTo;
    }

    /** A process left the tree (it is forgotten): it is removed as of the next generation. */
    void removed(int pid) {
        if (removedCount == REMOVALS) {
            lostUpTo = Math.max(lostUpTo, removedAt[removedNext]);
        } else {
            removedCount++;
        }
        removedPid[removedNext] = pid;
        removedAt[removedNext] = generation + 1;
        removedNext = (removedNext + 1) % REMOVALS;
    }

    /** The pids removed after generation {@code since} (oldest first), into a caller's array; returns how many. */
    public int removedSince(long since, int[] into) {
        int n = 0;
        int start = (removedNext - removedCount + REMOVALS) % REMOVALS;
        for (int i = 0; i < removedCount && n < into.length; i++) {
            int slot = (start + i) % REMOVALS;
            if (removedAt[slot] > since) {
                into[n++] = removedPid[slot];
            }
        }
        return n;
    }

    /**
     * Compares what a ps reports of a process now with what the last one saw; when anything
     * differs, remembers the new values and marks the process changed at {@code now} (the current
     * ps's generation). Returns the generation at which the process last changed.
     */
    public long observe(Process p, long now, long pages, long handles, long cpuMicros) {
        if (p.seenState != p.state || p.seenProgram != p.program || p.seenPages != pages
                || p.seenHandles != handles || p.seenCpuMicros != cpuMicros || p.seenNoreap != p.noreap
                || p.seenCode != p.exitCode || p.seenNice != p.sched.nice || p.seenWeight != p.sched.weight) {
            p.seenState = p.state;
            p.seenProgram = p.program;
            p.seenPages = pages;
            p.seenHandles = handles;
            p.seenCpuMicros = cpuMicros;
            p.seenNoreap = p.noreap;
            p.seenCode = p.exitCode;
            p.seenNice = p.sched.nice;
            p.seenWeight = p.sched.weight;
            p.seenChanged = now;
        }
        return p.seenChanged;
    }
}
