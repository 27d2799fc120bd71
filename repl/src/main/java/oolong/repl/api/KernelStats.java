package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import oolong.repl.view.Fields;
import oolong.repl.view.Text;

/**
 * Kernel-wide figures, as {@code k.stats()} returns them (the agent's {@code stats} operation):
 * uptime and timer, processes, scheduler, memory, the Java runtime's heap and collector, the kernel
 * loop, the agent's traffic and interrupts. Prints one group per line; {@code json()} is the
 * kernel's answer as it came, {@code path(name)} one of its fields.
 */
public record KernelStats(long uptimeNanos, long bootEpochSeconds, int hz, long ticks, Processes processes,
                          Scheduling sched, long contextSwitches, long userRuns, long syscalls, Frames frames,
                          Heap heap, Gc gc, long loopIterations, long loopIdles, Agent agent, List<Long> irqs,
                          long dmaBytes, JsonNode json) {

    /** Live processes, created and freed since boot, runnable at the last scheduling decision. */
    public record Processes(long live, long created, long freed, long runnable) {
    }

    /** The running policy, decisions since boot and their total cost, policies thrown out. */
    public record Scheduling(String policy, long decisions, long decisionNanos, long fallbacks) {
    }

    /** Physical 4 KiB frames: total, free, used, used for page tables, free but not yet zeroed. */
    public record Frames(long total, long free, long used, long pageTables, long dirtyFree) {
    }

    /** The kernel's Java heap (free and total bytes) and the bytes its C allocator holds. */
    public record Heap(long freeBytes, long totalBytes, long mallocBytes) {
    }

    /** The Java runtime's collector. */
    public record Gc(long collections, long fullCollections, long totalNanos, long maxPauseNanos, long allocations) {
    }

    /** Frames the agent handled, errors it answered, and the virtio console's traffic. */
    public record Agent(long requests, long errors, long bytesIn, long bytesOut, long bytesDropped) {
    }

    static KernelStats from(JsonNode r) {
        JsonNode p = r.path("processes");
        JsonNode s = r.path("sched");
        JsonNode f = r.path("frames");
        JsonNode h = r.path("heap");
        JsonNode g = r.path("gc");
        JsonNode a = r.path("agent");
        List<Long> irqs = new ArrayList<>();
        r.path("irqs").forEach(n -> irqs.add(n.asLong()));
        return new KernelStats(r.path("uptime_ns").asLong(), r.path("boot_epoch_s").asLong(), r.path("timer_hz").asInt(),
                r.path("timer_ticks").asLong(),
                new Processes(p.path("live").asLong(), p.path("created").asLong(), p.path("freed").asLong(),
                        p.path("runnable").asLong()),
                new Scheduling(s.path("policy").asText(), s.path("decisions").asLong(), s.path("decision_ns").asLong(),
                        s.path("fallbacks").asLong()),
                r.path("context_switches").asLong(), r.path("user_runs").asLong(), r.path("syscalls").asLong(),
                new Frames(f.path("total").asLong(), f.path("free").asLong(), f.path("used").asLong(),
                        f.path("page_tables").asLong(), f.path("dirty_free").asLong()),
                new Heap(h.path("free_bytes").asLong(), h.path("total_bytes").asLong(), h.path("malloc_bytes").asLong()),
                new Gc(g.path("collections").asLong(), g.path("full_collections").asLong(), g.path("total_ns").asLong(),
                        g.path("max_pause_ns").asLong(), g.path("allocations").asLong()),
                r.path("loop").path("iterations").asLong(), r.path("loop").path("idles").asLong(),
                new Agent(a.path("requests").asLong(), a.path("errors").asLong(), a.path("bytes_in").asLong(),
                        a.path("bytes_out").asLong(), a.path("bytes_dropped").asLong()),
                List.copyOf(irqs), r.path("dma_bytes").asLong(), r);
    }

    /** A field of the kernel's answer, as JSON. */
    public JsonNode path(String field) {
        return json.path(field);
    }

    @Override
    public String toString() {
        Fields out = new Fields(String.format(Locale.ROOT, "kernel up %.2f s, timer %d Hz (%d ticks)", uptimeNanos / 1e9, hz,
                ticks));
        out.add("processes", processes.live() + " live, " + processes.created() + " created, " + processes.freed()
                + " freed, " + processes.runnable() + " runnable");
        out.add("scheduler", sched.policy() + ": " + sched.decisions() + " decisions"
                + (sched.decisions() > 0 ? String.format(Locale.ROOT, " (%.1f us each)",
                sched.decisionNanos() / 1000.0 / sched.decisions()) : "") + ", " + sched.fallbacks() + " fallbacks, "
                + contextSwitches + " context switches");
        out.add("user mode", userRuns + " returns to user mode, " + syscalls + " system calls");
        out.add("frames", frames.used() + " of " + frames.total() + " used (" + Text.bytes(frames.used() * 4096) + " of "
                + Text.bytes(frames.total() * 4096) + "), " + frames.pageTables() + " page tables, "
                + frames.dirtyFree() + " free not zeroed");
        out.add("heap", Text.bytes(heap.totalBytes() - heap.freeBytes()) + " of " + Text.bytes(heap.totalBytes())
                + " used, C allocator " + Text.bytes(heap.mallocBytes()));
        out.add("gc", gc.collections() + " collections (" + gc.fullCollections() + " full), "
                + String.format(Locale.ROOT, "%.1f ms in all, longest %.1f ms", gc.totalNanos() / 1e6, gc.maxPauseNanos() / 1e6)
                + ", " + gc.allocations() + " allocations");
        out.add("kernel loop", loopIterations + " turns, " + loopIdles + " idle");
        out.add("agent", agent.requests() + " requests, " + agent.errors() + " errors, " + Text.bytes(agent.bytesIn())
                + " in, " + Text.bytes(agent.bytesOut()) + " out, " + agent.bytesDropped() + " bytes dropped");
        StringBuilder irq = new StringBuilder();
        for (int i = 0; i < irqs.size(); i++) {
            if (irqs.get(i) > 0) {
                irq.append(irq.length() == 0 ? "" : ", ").append("irq ").append(i).append(i == 0 ? " (timer)" : "")
                        .append(": ").append(irqs.get(i));
            }
        }
        out.add("interrupts", irq.length() == 0 ? "none" : irq);
        out.add("dma", Text.bytes(dmaBytes));
        return out.toString();
    }
}
