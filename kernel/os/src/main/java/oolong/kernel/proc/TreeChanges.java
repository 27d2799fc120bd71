package oolong.kernel.proc;

/**
 * What changed in the process tree since a generation, for the agent's incremental {@code ps}
 * ({@code "since":G}, docs/agent-protocol.md): a host that keeps the last tree asks only for the
 * rows added, changed and removed since the generation its copy has, so that a refresh costs per
 * change, not per process.
 *
 * Each {@code ps} hands out a generation ({@link #next}). Which processes may have changed since
 * the last ps is known without looking at every one: the model marks each process whose state
 * changes or that is created ({@link #mark}; a few stores, no allocation), the agent marks what it
 * changes itself (nice, weight), and the ps adds the processes that ran since (from the
 * scheduler's timeline: running is what changes CPU time, pages and handles). The ps compares
 * each candidate's reported values with what the last ps saw of it ({@link #observe}) and logs
 * the real changes, and removals as they happen ({@link #removed}), in a ring of the last
 * {@value #LOG} entries. An answer since G is then the log's entries after G. When marks were
 * lost (more than {@value #MARKS} between two ps), the ps observes every process instead; when
 * log entries after G were overwritten, or G is not a generation this kernel handed out, the
 * caller gets the whole tree.
 */
public final class TreeChanges {
    static final int LOG = 16384;
    static final int MARKS = 4096;

    private long generation;
    /** The log: a pid whose row changed, or minus a pid that left the tree, and the generation it belongs to. */
    private final int[] logPid = new int[LOG];
    private final long[] logAt = new long[LOG];
    private long logCount;
    /** The newest generation among the log entries overwritten. */
    private long lostUpTo;
    private final Process[] marked = new Process[MARKS];
    private int markedCount;
    /** Marks were dropped (or none were kept yet): the next ps must look at every process. */
    private boolean marksLost = true;

    /** The generation of the last ps answer (0 before the first). */
    public long generation() {
        return generation;
    }

    /** A new generation, for the ps being answered: changes observed from now on belong to it. */
    public long next() {
        return ++generation;
    }

    /** Whether every change after generation {@code since} is still in the log ({@code previous}: the generation before this ps). */
    public boolean canTell(long since, long previous) {
        return since > 0 && since <= previous && since >= lostUpTo;
    }

    /** The process may have changed (a state change, its creation, a new nice): the next ps looks at it. */
    public void mark(Process p) {
        if (p.seenMarked) {
            return;
        }
        if (markedCount < MARKS) {
            p.seenMarked = true;
            marked[markedCount++] = p;
        } else {
            marksLost = true;
        }
    }

    /** Whether marks were dropped since the last {@link #takeMarked}: then every process must be observed. */
    public boolean marksLost() {
        return marksLost;
    }

    /** Hands the marked processes to a ps and forgets them; returns how many were copied. */
    public int takeMarked(Process[] into) {
        int n = Math.min(markedCount, into.length);
        for (int i = 0; i < markedCount; i++) {
            if (i < n) {
                into[i] = marked[i];
            }
            marked[i].seenMarked = false;
            marked[i] = null;
        }
        marksLost = markedCount > n;
        markedCount = 0;
        return n;
    }

    /** Starts over with every process to be observed (a full walk follows). */
    public void clearMarks() {
        for (int i = 0; i < markedCount; i++) {
            marked[i].seenMarked = false;
            marked[i] = null;
        }
        markedCount = 0;
        marksLost = false;
    }

    /** A process left the tree (it is forgotten): removed as of the next generation. */
    void removed(int pid) {
        log(-pid, generation + 1);
    }

    private void log(int entry, long at) {
        int i = (int) (logCount % LOG);
        if (logCount >= LOG) {
            lostUpTo = Math.max(lostUpTo, logAt[i]);
        }
        logPid[i] = entry;
        logAt[i] = at;
        logCount++;
    }

    /**
     * Compares what a ps reports of a process now with what the last one saw; when anything
     * differs, remembers the new values and logs the process as changed at {@code now}.
     */
    public void observe(Process p, long now, long pages, long handles, long cpuMicros) {
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
            if (p.seenChanged != now) {
                p.seenChanged = now;
                log(p.pid, now);
            }
        }
    }

    /**
     * The log entries after generation {@code since}, oldest first: pids whose rows changed (each
     * once) into {@code changed}, pids that left the tree into {@code removed}. Returns the two
     * counts as {@code changedCount << 32 | removedCount}; the arrays must hold {@value #LOG}.
     */
    public long since(long since, int[] changed, int[] removed) {
        int c = 0;
        int r = 0;
        long first = Math.max(0, logCount - LOG);
        for (long k = first; k < logCount; k++) {
            int i = (int) (k % LOG);
            if (logAt[i] <= since) {
                continue;
            }
            if (logPid[i] < 0) {
                removed[r++] = -logPid[i];
            } else {
                changed[c++] = logPid[i];
            }
        }
        return (long) c << 32 | r;
    }
}
