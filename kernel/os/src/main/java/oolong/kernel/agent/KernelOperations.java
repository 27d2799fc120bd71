package oolong.kernel.agent;

import oolong.kernel.KernelLoop;
import oolong.kernel.Version;
import oolong.kernel.arch.Cpu;
import oolong.kernel.core.Machine;

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

    public static void register(Agent agent, AgentPort port, KernelLoop loop, Machine machine) {
        agent.register("version", (req, out) -> out.beginObject().field("kernel", Version.NAME)
                .field("protocol", 1).endObject());
        if (machine != null) {
            /* zero the free frames that hold old contents: a snapshot taken next skips them */
            agent.register("scrub", (req, out) -> {
                long t0 = Cpu.clockNanos();
                long zeroed = machine.memory.frames().scrub(machine.memory.memory());
                out.beginObject().field("frames_zeroed", zeroed).field("ns", Cpu.clockNanos() - t0).endObject();
            });
        }
        agent.register("stats", (req, out) -> {
            out.beginObject();
            out.field("uptime_ns", Cpu.clockNanos());
            out.field("boot_epoch_s", Cpu.bootEpochSeconds());
            out.field("timer_hz", Cpu.timerHz());
            out.field("timer_ticks", Cpu.timerTicks());
            out.name("gc").beginObject()
                    .field("collections", Cpu.gcCollections())
                    .field("full_collections", Cpu.gcFullCollections())
                    .field("total_ns", Cpu.gcTotalNanos())
                    .field("max_pause_ns", Cpu.gcMaxPauseNanos())
                    .field("allocations", Cpu.gcAllocations());
            out.name("pauses");
            GcPauses.write(out);
            out.endObject();
            out.name("heap").beginObject()
                    .field("free_bytes", Runtime.getRuntime().freeMemory())
                    .field("total_bytes", Runtime.getRuntime().totalMemory())
                    .field("malloc_bytes", Cpu.mallocInUse())
                    .endObject();
            out.name("loop").beginObject().field("iterations", loop.iterations()).field("idles", loop.idles()).endObject();
            out.name("agent").beginObject()
                    .field("requests", port.agent().requests())
                    .field("errors", port.agent().errors())
                    .field("bytes_in", port.console().bytesIn())
                    .field("bytes_out", port.console().bytesOut())
                    .field("bytes_dropped", port.console().bytesDropped())
                    .endObject();
            out.name("irqs").beginArray();
            for (int irq = 0; irq < 16; irq++) {
                out.value(Cpu.irqCount(irq));
            }
            out.endArray();
            out.field("dma_bytes", Cpu.dmaUsed());
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
