package oolong.kernel.agent;

import oolong.kernel.log.Log;
import oolong.kernel.platform.PortIo;
import oolong.kernel.dev.pci.PciBus;
import oolong.kernel.dev.pci.PciDevice;
import oolong.kernel.platform.DeviceMemory;
import oolong.kernel.dev.virtio.VirtioConsole;

/**
 * Connects the {@link Agent} to the host: finds the virtio-console device on the PCI bus, opens
 * the port named {@value #PORT_NAME}, and feeds bytes both ways.
 */
public final class AgentPort implements ChannelCounters {
    public static final String PORT_NAME = "oolong.agent";

    private final VirtioConsole console;
    private final Agent agent;
    private final int irq;

    private AgentPort(VirtioConsole console, Agent agent, int irq) {
        this.console = console;
        this.agent = agent;
        this.irq = irq;
    }

    /**
     * Starts the agent on the first virtio console, with the machine's ports, device memory and DMA
     * allocator; null (after saying why) when there is none.
     */
    public static AgentPort start(PciBus pci, PortIo io, DeviceMemory memory, VirtioConsole.DmaAllocator dma) {
        for (PciDevice d : pci.scan()) {
            if (d.vendor != VirtioConsole.VENDOR || d.device != VirtioConsole.DEVICE_LEGACY_CONSOLE) {
                continue;
            }
            if (!d.barIsIo[0]) {
                Log.println("agent: virtio console " + d + " has no I/O BAR; not using it");
                return null;
            }
            pci.enable(d);
            Agent[] agent = new Agent[1];
            VirtioConsole[] console = new VirtioConsole[1];
            VirtioConsole.Receiver receiver = new VirtioConsole.Receiver() {
                @Override
                public void received(byte[] data, int length) {
                    agent[0].received(data, length);
                }

                @Override
                public void hostConnected(boolean connected) {
                    Log.println("agent: host " + (connected ? "connected" : "disconnected"));
                    if (!connected) {
                        agent[0].hostDisconnected();
                    }
                }
            };
            console[0] = new VirtioConsole(io, (int) d.bars[0], memory, dma,
                    PORT_NAME, receiver);
            agent[0] = new Agent((data, length) -> console[0].write(data, 0, length));
            String error = console[0].start();
            if (error != null) {
                Log.println("agent: cannot start the virtio console " + d + ": " + error);
                return null;
            }
            Log.println("agent: virtio console " + d + ", waiting for port '" + PORT_NAME + "'");
            return new AgentPort(console[0], agent[0], d.interruptLine);
        }
        Log.println("agent: no virtio console on the PCI bus; the REPL cannot connect (the console still works)");
        return null;
    }

    public Agent agent() {
        return agent;
    }

    public VirtioConsole console() {
        return console;
    }

    public int irq() {
        return irq;
    }

    @Override
    public long bytesIn() {
        return console.bytesIn();
    }

    @Override
    public long bytesOut() {
        return console.bytesOut();
    }

    @Override
    public long bytesDropped() {
        return console.bytesDropped();
    }

    /** Work for the device's interrupt. */
    public void poll() {
        console.poll();
    }

    /** Work found without the interrupt (the kernel loop asks on every turn; cheap when there is none). */
    public void pollIfBusy() {
        if (console.hasWork()) {
            console.poll();
        }
    }
}
