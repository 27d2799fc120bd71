package oolong.kernel.agent;

import oolong.kernel.loop.KernelLoop;
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
     * Registers the kernel operations (version reports kernelName), and with a machine (there is none
     * without a user image) the process, scheduler and fault operations; connects the machine's
     * events and puppets to the agent.
     */
    public static void install(Agent agent, String kernelName, Platform platform, ChannelCounters channel, KernelLoop loop,
            Machine machine) {
        KernelOperations.register(agent, kernelName, platform, channel, loop, machine);
        CoverageOperations.register(agent);
        if (machine == null) {
            return;
        }
        ProcessOperations.register(agent, machine);
        SchedOperations.register(agent, machine, loop);
        ProbeOperations.register(agent, machine);
        FaultOperations.register(agent, machine);
        machine.puppets.setReplies(new PuppetAnswers(agent));
        agent.addDisconnectHook(machine.puppets::forgetRequests);
        machine.setEvents(new AgentEvents(agent, platform));
    }
}
