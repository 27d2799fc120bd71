package oolong.kernel.agent;

import oolong.kernel.mem.UserAddressSpace;
import oolong.kernel.proc.Process;
import oolong.kernel.proc.Processes;

/**
 * Where a full {@code ps} spends its time, by elimination ({@code "profile":STAGE} on a rows ps,
 * docs/agent-protocol.md; scripts/bench-ps times each stage against the ping and the whole ps):
 * {@code walk} visits every process reading only the tree; {@code walk-values} also reads every
 * value a row holds; {@code format} writes the whole answer into a scratch buffer without sending
 * it; {@code cache} does the same into a kept buffer, which {@code cached} then sends as the answer
 * without formatting again (the transfer and the host's parsing alone). All but {@code cached}
 * answer a few bytes: {@code {"n":N,"sum":S}} (processes or bytes, and a checksum that keeps the
 * reads from being optimised away).
 */
final class PsProfile {
    private static final JsonWriter scratch = new JsonWriter();
    private static final JsonWriter cached = new JsonWriter();

    private PsProfile() {
    }

    static void run(String stage, JsonWriter out, Processes model, PsRows rows) throws AgentError {
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
                    sum += pages + handles + p.sched.cpuNanos / 1000 + p.pid() + p.cid() + p.state().ordinal()
                            + p.sched.nice + p.sched.weight + p.exitCode() + (p.noreap() ? 1 : 0)
                            + (p.parent() == null ? 0 : p.parent().pid()) + (p.program() == null ? 0 : p.program().length());
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
            default -> throw new AgentError("EINVAL", "profile must be walk, walk-values, format, cache or cached");
        }
        out.beginObject().field("n", n).field("sum", sum).endObject();
    }
}
