package oolong.introspect.kernel;

import java.util.ArrayList;
import java.util.List;
import oolong.introspect.program.JavaObject;
import oolong.introspect.program.Program;

/** Handle tables and pipes read from memory (what the agent's {@code handles} reports). */
public final class HandleWalker {
    private final Program program;

    public HandleWalker(Program program) {
        this.program = program;
    }

    /** The occupied slots of a HandleTable object (HandleTable.count()). */
    static int count(JavaObject table) {
        int n = 0;
        for (long h : slots(table)) {
            if (h != 0) {
                n++;
            }
        }
        return n;
    }

    /** A table's slots; the kernel makes the array on the first handle put in (null: all empty). */
    private static long[] slots(JavaObject table) {
        JavaObject slots = table.ref("slots");
        return slots == null ? new long[0] : slots.referenceAddresses();
    }

    public HandleRecord handles(int pid) {
        JavaObject p = new ProcessWalker(program).find(pid);
        JavaObject table = p.ref("handles");
        if (table == null) {
            throw new IllegalStateException("process " + pid + " is " + p.ref("state").enumName()
                    + " and has no handle table");
        }
        int sharers = table.getInt("sharers");
        List<HandleRecord.Slot> slots = new ArrayList<>();
        long[] handles = slots(table);
        for (int i = 0; i < handles.length; i++) {
            if (handles[i] == 0) {
                continue;
            }
            JavaObject h = program.object(handles[i]);
            boolean pipe = h.ref("type").enumName().equals("PIPE");
            boolean readEnd = h.getBoolean("readEnd");
            boolean peerOpen = false;
            List<Integer> blocked = new ArrayList<>();
            long pipeId = 0;
            if (pipe) {
                JavaObject pp = h.ref("pipe");
                pipeId = pp.getLong("id");
                peerOpen = !pp.ref(readEnd ? "writeEnd" : "readEnd").getBoolean("closed");
                int guard = 0;
                for (long q = pp.refAddress("queueHead"); q != 0; q = program.object(q).refAddress("nextInPipeQueue")) {
                    blocked.add(program.object(q).getInt("pid"));
                    if (++guard > ProcessWalker.LIMIT) {
                        throw new IllegalStateException("pipe " + pipeId + "'s queue does not end");
                    }
                }
            }
            slots.add(new HandleRecord.Slot(i, pipe ? "pipe" : "fs", pipe ? (readEnd ? "read" : "write") : h.getString("label"),
                    h.getInt("refcount"), h.getBoolean("readable"), h.getBoolean("writable"), peerOpen, List.copyOf(blocked),
                    pipeId));
        }
        return new HandleRecord(pid, sharers > 1, sharers, List.copyOf(slots));
    }
}
