package oolong.kernel.agent;

import oolong.kernel.mem.UserAddressSpace;
import oolong.kernel.proc.Process;
import oolong.kernel.proc.Processes;

/** TEMPORARY: ps by elimination (not committed). */
final class PsProfile {
    private static final JsonWriter scratch = new JsonWriter();
    private static final JsonWriter cached = new JsonWriter();

    static void run(String stage, JsonWriter out, Processes model, PsRows rows) {
        long n = 0;
        long sum = 0;
        switch (stage) {
            case "walk" -> {
                for (Process p = model.init(); p != null; p = Processes.next(p, null)) {
                    n++;
                    sum += p.pid() + p.cid() + p.state().ordinal() + (p.parent() == null ? 0 : p.parent().pid());
                }
            }
            case "walk-values" -> {
                for (Process p = model.init(); p != null; p = Processes.next(p, null)) {
                    n++;
                    long pages = p.addressSpace() instanceof UserAddressSpace ? ((UserAddressSpace) p.addressSpace()).residentPages() : 0;
                    long handles = p.handleTable() == null ? 0 : p.handleTable().count();
                    sum += pages + handles + p.sched.cpuNanos / 1000 + p.pid() + p.cid() + p.state().ordinal();
                }
            }
            case "walk-nohandles" -> {
                for (Process p = model.init(); p != null; p = Processes.next(p, null)) {
                    n++;
                    long pages = p.addressSpace() instanceof UserAddressSpace ? ((UserAddressSpace) p.addressSpace()).residentPages() : 0;
                    sum += pages + p.sched.cpuNanos / 1000 + p.pid() + p.cid() + p.state().ordinal();
                }
            }
            case "format" -> {
                scratch.reset();
                rows.write(scratch, model, 0);
                n = scratch.length();
            }
            case "cache" -> {
                cached.reset();
                rows.write(cached, model, 0);
                n = cached.length();
            }
            case "cached" -> {
                out.raw(cached);
                return;
            }
            default -> {
            }
        }
        out.beginObject().field("n", n).field("sum", sum).endObject();
    }
}
