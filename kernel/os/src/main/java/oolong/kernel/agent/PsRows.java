package oolong.kernel.agent;

import oolong.kernel.mem.UserAddressSpace;
import oolong.kernel.proc.Process;
import oolong.kernel.proc.ProcessState;
import oolong.kernel.proc.Processes;

/**
 * {@code ps} with {@code "format":"rows"}: the same facts as the object per process, a fraction of
 * the bytes. The field names come once ({@code columns}), program names and states once each
 * ({@code programs}, {@code states}, rows hold their index), and depth is left to the reader (the
 * rows are in pre-order, so a process's parent comes before it). Writing and sending JSON under
 * TCG costs per byte, so this is what makes a ps of thousands of processes cheap:
 * <pre>
 * {"columns":["pid","ppid","cid","program","state","code","noreap","handles","pages","cpu_us","nice","weight"],
 *  "states":["RUNNING",...,"FREED"],
 *  "rows":[[1,0,1,0,1,null,0,0,233,16541,0,1],[2,1,1,1,1,null,0,0,233,9064,0,1]],
 *  "programs":["init","tree"]}
 * </pre>
 * A row's program is an index into {@code programs} (or the name itself, past 64 distinct names);
 * its state an index into {@code states}; noreap is 0 or 1.
 * <pre>
 * </pre>
 */
public final class PsRows {
    static final String[] COLUMNS = {"pid", "ppid", "cid", "program", "state", "code", "noreap", "handles", "pages",
        "cpu_us", "nice", "weight"};
    private static final int MAX_PROGRAMS = 64;

    private PsRows() {
    }

    public static void write(JsonWriter out, Processes model) {
        String[] programs = new String[MAX_PROGRAMS];
        int programCount = 0;
        out.beginObject().name("columns").beginArray();
        for (String c : COLUMNS) {
            out.value(c);
        }
        out.endArray().name("states").beginArray();
        for (ProcessState s : ProcessState.values()) {
            out.value(s.name());
        }
        out.endArray().name("rows").beginArray();
        for (Process p = model.init(); p != null; p = Processes.next(p, null)) {
            String program = p.program() == null ? "" : p.program();
            int index = 0;
            while (index < programCount && !programs[index].equals(program)) {
                index++;
            }
            if (index == programCount) {
                if (programCount == MAX_PROGRAMS) {
                    index = -1;              /* more names than the table holds: the row carries the name */
                } else {
                    programs[programCount++] = program;
                }
            }
            out.beginArray().value(p.pid()).value(p.parent() == null ? 0 : p.parent().pid()).value(p.cid());
            if (index < 0) {
                out.value(program);
            } else {
                out.value(index);
            }
            out.value(p.state().ordinal());
            if (p.alive()) {
                out.nullValue();
            } else {
                out.value(p.exitCode());
            }
            out.value(p.noreap() ? 1 : 0)
                    .value(p.handleTable() == null ? 0 : p.handleTable().count())
                    .value(p.addressSpace() instanceof UserAddressSpace ? ((UserAddressSpace) p.addressSpace()).residentPages() : 0)
                    .value(p.sched.cpuNanos / 1000).value(p.sched.nice).value(p.sched.weight)
                    .endArray();
        }
        out.endArray().name("programs").beginArray();
        for (int i = 0; i < programCount; i++) {
            out.value(programs[i]);
        }
        out.endArray().endObject();
    }
}
