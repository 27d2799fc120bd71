package oolong.kernel.agent;

import oolong.kernel.KernelLoop;
import oolong.kernel.Version;
import oolong.kernel.arch.Cpu;

/** The agent operations about the kernel as a whole (processes have their own). */
public final class KernelOperations {
    private KernelOperations() {
    }

    public static void register(Agent agent, AgentPort port, KernelLoop loop) {
        agent.register("version", (req, out) -> out.beginObject().field("kernel", Version.NAME)
                .field("protocol", 1).endObject());
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
                    .field("allocations", Cpu.gcAllocations())
                    .endObject();
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
            out.endObject();
        });
    }
}
