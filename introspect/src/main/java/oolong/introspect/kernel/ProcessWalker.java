package oolong.introspect.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import oolong.introspect.program.JavaObject;
import oolong.introspect.program.Program;

/**
 * The process tree read from memory: the same pre-order walk as the kernel's
 * {@code Processes.next} (first child, then siblings, newest first; the seed's order), and for
 * each process what the agent's {@code ps} says about it, computed the same way.
 */
public final class ProcessWalker {
    /** States in which a process is no longer alive (the seed's definition, ProcessState.alive()). */
    static final Set<String> DEAD = Set.of("TOREAP", "TOMBSTONE", "FORGOTTEN", "FREED");
    /** A tree deeper or larger than this is a corrupted one (a cycle): the walk stops with an error. */
    static final int LIMIT = 1_000_000;

    private final Program program;

    public ProcessWalker(Program program) {
        this.program = program;
    }

    /** init, or null before it exists. */
    public JavaObject init() {
        return KernelRoots.processes(program).ref("init");
    }

    /** Every process in the tree, in tree order (the agent's {@code ps}). */
    public List<ProcessRecord> ps() {
        List<ProcessRecord> out = new ArrayList<>();
        JavaObject init = init();
        long root = init == null ? 0 : init.address();
        for (long p = root; p != 0; p = next(p)) {
            out.add(record(program.object(p)));
            if (out.size() > LIMIT) {
                throw new IllegalStateException("the process tree does not end (a cycle in memory?)");
            }
        }
        return out;
    }

    /** The Process object of a pid in the tree (the agent's lookup: forgotten and freed ones are gone). */
    public JavaObject find(int pid) {
        JavaObject init = init();
        int seen = 0;
        for (long p = init == null ? 0 : init.address(); p != 0; p = next(p)) {
            JavaObject o = program.object(p);
            if (o.getInt("pid") == pid) {
                return o;
            }
            if (++seen > LIMIT) {
                break;
            }
        }
        throw new IllegalArgumentException("no process " + pid);
    }

    /** Processes.next(p, null): the pre-order successor. */
    private long next(long p) {
        JavaObject o = program.object(p);
        long child = o.refAddress("child");
        if (child != 0) {
            return child;
        }
        long sibling = o.refAddress("sibling");
        if (sibling != 0) {
            return sibling;
        }
        long q = p;
        while (true) {
            JavaObject qo = program.object(q);
            long s = qo.refAddress("sibling");
            if (s != 0) {
                return s;
            }
            q = qo.refAddress("parent");
            if (q == 0) {
                return 0;
            }
        }
    }

    /** What ps says of one process, from its Process object. */
    public ProcessRecord record(JavaObject p) {
        JavaObject parent = p.ref("parent");
        int depth = 0;
        for (long q = p.refAddress("parent"); q != 0; q = program.object(q).refAddress("parent")) {
            if (++depth > LIMIT) {
                throw new IllegalStateException("pid " + p.getInt("pid") + " has no root (a cycle in memory?)");
            }
        }
        String state = p.ref("state").enumName();
        boolean alive = !DEAD.contains(state);
        JavaObject table = p.ref("handles");
        JavaObject space = addressSpace(p);
        JavaObject sched = p.ref("sched");
        String programName = p.getString("program");
        return new ProcessRecord(p.address(), p.getInt("pid"), parent == null ? 0 : parent.getInt("pid"), p.getInt("cid"),
                depth, programName == null ? "" : programName, state, alive ? null : p.getLong("exitCode"),
                p.getBoolean("noreap"), table == null ? 0 : HandleWalker.count(table),
                space != null && space.className().equals(PageWalker.USER_SPACE) ? space.getLong("residentPages") : 0,
                sched.getLong("cpuNanos") / 1000, sched.getInt("nice"), sched.getInt("weight"));
    }

    /** Process.addressSpace(): its space (the field {@code space}), or null once the process has died. */
    static JavaObject addressSpace(JavaObject p) {
        return p.ref("space");
    }
}
