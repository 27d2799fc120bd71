package oolong.kernel.agent;

import oolong.kernel.mem.UserAddressSpace;
import oolong.kernel.proc.Process;
import oolong.kernel.proc.ProcessState;
import oolong.kernel.proc.Processes;
import oolong.kernel.proc.TreeChanges;
import oolong.kernel.sched.Timeline;

/**
 * {@code ps} with {@code "format":"rows"}: the same facts as the object per process, a fraction of
 * the bytes, and with {@code "since":G} only what changed since the answer of generation G
 * (docs/agent-protocol.md):
 * <pre>
 * {"gen":7,"full":true,
 *  "columns":["pid","ppid","cid","program","state","pages","cpu_us","handles","code","noreap","nice","weight"],
 *  "defaults":[0,null,0,0,1],
 *  "states":["RUNNING",...,"FREED"],
 *  "rows":[[1,0,1,0,1,233,16541],[2,1,1,1,1,233,9064,0,null,0,-5]],
 *  "removed":[],
 *  "programs":["init","tree"]}
 * </pre>
 * The field names come once ({@code columns}), program names and states once each (rows hold
 * their index; a program past 64 distinct names is written as its name), depth is left to the
 * reader (rows are in pre-order, a parent before its children), and a row ends early when its
 * last cells hold the values in {@code defaults} (no handles, no exit code, not noreap, nice 0,
 * weight 1: a live process without handles has a row of 7 numbers).
 *
 * An answer since G costs per change: the candidates are the processes the model marked and the
 * ones that ran since the last ps (the timeline's entries since then), each compared with what the
 * last ps saw ({@link TreeChanges}); the rows are those the change log names after G, in pid order
 * (a parent before its children). Every process is looked at instead when the marks or the
 * timeline overflowed, or when a process that ran shares its memory or handles (its sharers'
 * pages and handles change with it).
 */
public final class PsRows {
    static final String[] COLUMNS = {"pid", "ppid", "cid", "program", "state", "pages", "cpu_us", "handles", "code",
        "noreap", "nice", "weight"};
    private static final int MAX_PROGRAMS = 64;
    private static final int LOG = 16384;

    /** The scheduler's record of who ran (null: unknown, every ps looks at every process). */
    private final Timeline timeline;
    /** Where the timeline was at the last ps. */
    private long timelineSeen = -1;
    private final String[] programs = new String[MAX_PROGRAMS];
    private int programCount;
    private final Process[] candidates = new Process[4096];
    private final int[] changed = new int[LOG];
    private final int[] removed = new int[LOG];
    private final long[] cells = new long[COLUMNS.length];

    public PsRows(Timeline timeline) {
        this.timeline = timeline;
    }

    /** The whole tree (a plain {@code "format":"rows"} ps), without a timeline. */
    public static void write(JsonWriter out, Processes model) {
        new PsRows(null).write(out, model, 0);
    }

    /**
     * The rows changed or added since generation {@code since} and the pids removed since, or the
     * whole tree when {@code since} is 0 or the kernel cannot tell ({@code "full":true}).
     */
    public void write(JsonWriter out, Processes model, long since) {
        TreeChanges changes = model.changes();
        long previous = changes.generation();
        long now = changes.next();
        boolean full = !changes.canTell(since, previous);
        if (!full && !observeCandidates(model, changes, now)) {
            changes.clearMarks();
            for (Process p = model.init(); p != null; p = Processes.next(p, null)) {
                observe(changes, p, now);
            }
        }
        full |= !changes.canTell(since, previous);        /* the log overflowed while observing */
        if (timeline != null) {
            timelineSeen = timeline.count();
        }
        programCount = 0;
        out.beginObject().field("gen", now).field("full", full).name("columns").beginArray();
        for (String c : COLUMNS) {
            out.value(c);
        }
        out.endArray().name("defaults").beginArray().value(0).nullValue().value(0).value(0).value(1).endArray();
        out.name("states").beginArray();
        for (ProcessState s : ProcessState.values()) {
            out.value(s.name());
        }
        out.endArray().name("rows").beginArray();
        int removedCount = 0;
        if (full) {
            /* one walk observes and writes: each process's objects are visited once (under TCG a
               visit is mostly the software TLB's misses on the pages they live on) */
            changes.clearMarks();
            for (Process p = model.init(); p != null; p = Processes.next(p, null)) {
                long pages = pages(p);
                long handles = handles(p);
                long cpu = p.sched.cpuNanos / 1000;
                changes.observe(p, now, pages, handles, cpu);
                row(out, p, pages, handles, cpu);
            }
        } else {
            long counts = changes.since(since, changed, removed);
            int changedCount = (int) (counts >>> 32);
            removedCount = (int) counts;
            java.util.Arrays.sort(changed, 0, changedCount);      /* pid order: a parent before its children */
            for (int i = 0; i < changedCount; i++) {
                if (i > 0 && changed[i] == changed[i - 1]) {
                    continue;
                }
                Process p = model.byPid(changed[i]);
                if (p != null && inTree(p)) {
                    row(out, p, pages(p), handles(p), p.sched.cpuNanos / 1000);
                }
            }
        }
        out.endArray().name("removed").beginArray();
        for (int i = 0; i < removedCount; i++) {
            out.value(removed[i]);
        }
        out.endArray().name("programs").beginArray();
        for (int i = 0; i < programCount; i++) {
            out.value(programs[i]);
        }
        out.endArray().endObject();
    }

    /**
     * Observes the marked processes and those that ran since the last ps; false (nothing done that
     * matters) when that is not enough and every process must be observed.
     */
    private boolean observeCandidates(Processes model, TreeChanges changes, long now) {
        if (timeline == null || timelineSeen < 0 || changes.marksLost()
                || timeline.count() - timelineSeen >= Timeline.CAPACITY - 1) {
            return false;
        }
        for (long i = Math.max(0, timelineSeen - 1); i < timeline.count(); i++) {
            Process p = model.byPid(timeline.pidAt(i));
            if (p != null && inTree(p) && (p.sharesMemory()
                    || (p.handleTable() != null && p.handleTable().sharers() > 1))) {
                return false;        /* its sharers' pages or handles may have changed with it */
            }
        }
        int n = changes.takeMarked(candidates);
        if (changes.marksLost()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (inTree(candidates[i])) {
                observe(changes, candidates[i], now);
            }
            candidates[i] = null;
        }
        for (long i = Math.max(0, timelineSeen - 1); i < timeline.count(); i++) {
            Process p = model.byPid(timeline.pidAt(i));
            if (p != null && inTree(p)) {
                observe(changes, p, now);
            }
        }
        return true;
    }

    private static boolean inTree(Process p) {
        return p.state() != ProcessState.FORGOTTEN && p.state() != ProcessState.FREED;
    }

    private static long pages(Process p) {
        return p.addressSpace() instanceof UserAddressSpace ? ((UserAddressSpace) p.addressSpace()).residentPages() : 0;
    }

    private static long handles(Process p) {
        return p.handleTable() == null ? 0 : p.handleTable().count();
    }

    private static void observe(TreeChanges changes, Process p, long now) {
        changes.observe(p, now, pages(p), handles(p), p.sched.cpuNanos / 1000);
    }

    private void row(JsonWriter out, Process p, long pages, long handles, long cpu) {
        String program = p.program() == null ? "" : p.program();
        int index = programIndex(program);
        long[] c = cells;
        c[0] = p.pid();
        c[1] = p.parent() == null ? 0 : p.parent().pid();
        c[2] = p.cid();
        c[3] = index;
        c[4] = p.state().ordinal();
        c[5] = pages;
        c[6] = cpu;
        c[7] = handles;
        boolean dead = !p.alive();
        c[8] = dead ? p.exitCode() : 0;
        c[9] = p.noreap() ? 1 : 0;
        c[10] = p.sched.nice;
        c[11] = p.sched.weight;
        /* the trailing cells are left off while they and all after them hold their defaults */
        int n = c[11] != 1 ? 12 : c[10] != 0 ? 11 : c[9] != 0 ? 10 : dead ? 9 : handles != 0 ? 8 : 7;
        long nulls = !dead && n > 8 ? 1L << 8 : 0;               /* no exit code while alive */
        if (index >= 0) {
            out.integers(c, n, nulls);
            return;
        }
        out.beginArray();                                       /* past the table: the program by name */
        for (int i = 0; i < n; i++) {
            if (i == 3) {
                out.value(program);
            } else if (((nulls >>> i) & 1) != 0) {
                out.nullValue();
            } else {
                out.value(c[i]);
            }
        }
        out.endArray();
    }

    /** The program's index in this answer's table, added if new; -1 when the table is full. */
    private int programIndex(String program) {
        for (int i = programCount - 1; i >= 0; i--) {
            if (programs[i] == program || programs[i].equals(program)) {
                return i;
            }
        }
        if (programCount == MAX_PROGRAMS) {
            return -1;
        }
        programs[programCount] = program;
        return programCount++;
    }
}
