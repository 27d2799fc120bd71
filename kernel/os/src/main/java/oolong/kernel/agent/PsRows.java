package oolong.kernel.agent;

import oolong.kernel.mem.UserAddressSpace;
import oolong.kernel.proc.Process;
import oolong.kernel.proc.ProcessState;
import oolong.kernel.proc.Processes;
import oolong.kernel.proc.TreeChanges;

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
 */
public final class PsRows {
    static final String[] COLUMNS = {"pid", "ppid", "cid", "program", "state", "pages", "cpu_us", "handles", "code",
        "noreap", "nice", "weight"};
    /** Cells every row has; the rest may be left off when they hold their defaults. */
    static final int REQUIRED = 7;
    private static final int MAX_PROGRAMS = 64;
    private static final int MAX_REMOVED = 4096;

    private final String[] programs = new String[MAX_PROGRAMS];
    private int programCount;
    private final int[] removed = new int[MAX_REMOVED];

    /** The whole tree (a plain {@code "format":"rows"} ps). */
    public static void write(JsonWriter out, Processes model) {
        new PsRows().write(out, model, 0);
    }

    /**
     * The rows changed or added since generation {@code since} and the pids removed since, or the
     * whole tree when {@code since} is 0 or the kernel cannot tell ({@code "full":true}).
     */
    public void write(JsonWriter out, Processes model, long since) {
        TreeChanges changes = model.changes();
        boolean full = !changes.canTell(since);
        long now = changes.next();
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
        for (Process p = model.init(); p != null; p = Processes.next(p, null)) {
            long pages = p.addressSpace() instanceof UserAddressSpace ? ((UserAddressSpace) p.addressSpace()).residentPages() : 0;
            long handles = p.handleTable() == null ? 0 : p.handleTable().count();
            long cpu = p.sched.cpuNanos / 1000;
            if (changes.observe(p, now, pages, handles, cpu) > since || full) {
                row(out, p, pages, handles, cpu);
            }
        }
        out.endArray().name("removed").beginArray();
        if (!full) {
            int n = changes.removedSince(since, removed);
            for (int i = 0; i < n; i++) {
                out.value(removed[i]);
            }
        }
        out.endArray().name("programs").beginArray();
        for (int i = 0; i < programCount; i++) {
            out.value(programs[i]);
        }
        out.endArray().endObject();
    }

    private void row(JsonWriter out, Process p, long pages, long handles, long cpu) {
        out.beginArray().value(p.pid()).value(p.parent() == null ? 0 : p.parent().pid()).value(p.cid());
        String program = p.program() == null ? "" : p.program();
        int index = programIndex(program);
        if (index < 0) {
            out.value(program);
        } else {
            out.value(index);
        }
        out.value(p.state().ordinal()).value(pages).value(cpu);
        /* the trailing cells, left off while they and all after them hold their defaults */
        boolean dead = !p.alive();
        int nice = p.sched.nice;
        int weight = p.sched.weight;
        boolean noreap = p.noreap();
        int last = weight != 1 ? 11 : nice != 0 ? 10 : noreap ? 9 : dead ? 8 : handles != 0 ? 7 : 6;
        if (last >= 7) {
            out.value(handles);
        }
        if (last >= 8) {
            if (dead) {
                out.value(p.exitCode());
            } else {
                out.nullValue();
            }
        }
        if (last >= 9) {
            out.value(noreap ? 1 : 0);
        }
        if (last >= 10) {
            out.value(nice);
        }
        if (last >= 11) {
            out.value(weight);
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
