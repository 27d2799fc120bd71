package oolong.kernel.agent;

import oolong.kernel.KernelLoop;
import oolong.kernel.core.Machine;
import oolong.kernel.platform.Platform;

/**
 * Every operation the agent serves, installed in one place: the kernel's entry point calls this at
 * boot and the host tests call it on a simulated machine, so both see the same operations
 * (docs/agent-protocol.md lists them; a test keeps the list and the table equal).
 */
public final class AgentOperations {
    private AgentOperations() {
    }

    /**
     * Registers the kernel operations, and with a machine (there is none without a user image) the
     * process, scheduler and fault operations; connects the machine's events and puppets to the agent.
     */
    public static void install(Agent agent, Platform platform, ChannelCounters channel, KernelLoop loop, Machine machine) {
        KernelOperations.register(agent, platform, channel, loop, machine);
        if (machine == null) {
            return;
        }
        ProcessOperations.register(agent, machine);
        SchedOperations.register(agent, machine, loop);
        FaultOperations.register(agent, machine);
        machine.puppets.setAgent(agent);
        machine.setEvents(new AgentEvents(agent, platform));
    }
}
