package oolong.kernel.agent;

import oolong.kernel.loop.KernelLoop;
import oolong.kernel.core.Machine;
import oolong.kernel.platform.Platform;
import oolong.kernel.platform.RuntimeCounters;

/** The agent operations about the kernel as a whole (processes have their own). */
public final class KernelOperations {
    private KernelOperations() {
    }

    /**
     * Memory per live process: every frame in use (the user pages they touched included, as
     * issue 16 counts it), the page-table frames alone, and the Java heap in use; each divided by
     * the live processes (init included).
     */
    private static void perProcess(JsonWriter out, Machine machine) {
        long live = Math.max(1, machine.processes.liveProcesses());
        long heapUsed = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        out.name("per_process").beginObject()
                .field("frame_bytes", machine.memory.frames().usedFrames() * 4096 / live)
                .field("page_table_bytes", machine.memory.pageTableFrames() * 4096 / live)
                .field("heap_bytes", heapUsed / live)
                .endObject();
    }

    /**
     * Registers version (kernelName is what it reports), stats and (with a machine) scrub; the
     * channel's counters go into stats.
     */
    public static void register(Agent agent, String kernelName, Platform platform, ChannelCounters channel, KernelLoop loop,
            Machine machine) {
        RuntimeCounters counters = platform.counters();
        agent.register("version", (req, out) -> out.beginObject().field("kernel", kernelName)
                .field("protocol", 1).endObject());
        if (machine != null) {
            /* zero the free frames that hold old contents: a snapshot taken next skips them */
            agent.register("scrub", (req, out) -> {
                long t0 = platform.clockNanos();
                long zeroed = machine.memory.frames().scrub(machine.memory.memory());
                out.beginObject().field("frames_zeroed", zeroed).field("ns", platform.clockNanos() - t0).endObject();
            });
        }
        agent.register("stats", (req, out) -> {
            out.beginObject();
            out.field("uptime_ns", platform.clockNanos());
            out.field("boot_epoch_s", counters.bootEpochSeconds());
            out.field("timer_hz", platform.timerHz());
            out.field("timer_ticks", platform.timerTicks());
            out.name("gc").beginObject()
                    .field("collections", counters.gcCollections())
                    .field("full_collections", counters.gcFullCollections())
                    .field("total_ns", counters.gcTotalNanos())
                    .field("max_pause_ns", counters.gcMaxPauseNanos())
                    .field("allocations", counters.gcAllocations());
            out.name("pauses");
            GcPauses.write(out, counters);
            out.endObject();
            out.name("heap").beginObject()
                    .field("free_bytes", Runtime.getRuntime().freeMemory())
                    .field("total_bytes", Runtime.getRuntime().totalMemory())
                    .field("malloc_bytes", counters.mallocInUse())
                    .endObject();
            out.name("loop").beginObject().field("iterations", loop.iterations()).field("idles", loop.idles()).endObject();
            out.name("agent").beginObject()
                    .field("requests", agent.requests())
                    .field("errors", agent.errors())
                    .field("bytes_in", channel.bytesIn())
                    .field("bytes_out", channel.bytesOut())
                    .field("bytes_dropped", channel.bytesDropped())
                    .endObject();
            out.name("irqs").beginArray();
            for (int irq = 0; irq < 16; irq++) {
                out.value(counters.irqCount(irq));
            }
            out.endArray();
            out.field("dma_bytes", counters.dmaUsed());
            if (machine != null) {
                out.name("processes").beginObject()
                        .field("live", machine.processes.liveProcesses())
                        .field("created", machine.processes.processesCreated())
                        .field("freed", machine.processes.processesFreed())
                        .field("runnable", machine.runnableCount())
                        .endObject();
                perProcess(out, machine);
                out.field("context_switches", machine.contextSwitches());
                out.field("user_runs", machine.runs());
                out.field("syscalls", machine.syscalls.calls());
                out.name("frames").beginObject()
                        .field("total", machine.memory.frames().totalFrames())
                        .field("free", machine.memory.frames().freeFrames())
                        .field("used", machine.memory.frames().usedFrames())
                        .field("page_tables", machine.memory.pageTableFrames())
                        .field("dirty_free", machine.memory.frames().dirtyFreeFrames())
                        .endObject();
                out.name("sched").beginObject()
                        .field("policy", machine.scheduler.policyName())
                        .field("decisions", machine.scheduler.decisions())
                        .field("decision_ns", machine.scheduler.decisionNanos())
                        .field("fallbacks", machine.scheduler.fallbacks())
                        .endObject();
            }
            out.endObject();
        });
    }
}
