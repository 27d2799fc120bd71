package oolong.kernel.agent;

import oolong.kernel.core.Machine;
import oolong.kernel.platform.Platform;
import oolong.kernel.probe.Extension;
import oolong.kernel.proc.Process;

/** Turns what the machine reports into events pushed to the host. */
public final class AgentEvents implements Machine.Events {
    private final Agent agent;
    private final Platform platform;
    private final JsonWriter event = new JsonWriter();

    public AgentEvents(Agent agent, Platform platform) {
        this.agent = agent;
        this.platform = platform;
    }

    @Override
    public void processExited(Process p, long code) {
        agent.pushEvent(event.reset().beginObject().field("event", "exit").field("pid", p.pid())
                .field("program", p.program() == null ? "" : p.program()).field("code", code).endObject());
    }

    /** The tick is the timeline's clock, so the REPL can mark the swap on the timeline. */
    @Override
    public void policyChanged(String from, String to, String reason) {
        agent.pushEvent(event.reset().beginObject().field("event", "sched").field("from", from).field("to", to)
                .field("reason", reason).field("tick", platform.timerTicks()).endObject());
    }

    /** The class's internal name lets the REPL map the fault's class-file line to the snippet's line. */
    @Override
    public void extensionDetached(Extension e, String reason) {
        agent.pushEvent(event.reset().beginObject().field("event", "probe").field("id", e.id).field("name", e.name)
                .field("class", e.className).field("hook", e.hookName()).field("kind", e.kind.noun)
                .field("hits", e.hits()).field("reason", reason).field("tick", platform.timerTicks()).endObject());
    }

    @Override
    public void panic(String message) {
        agent.pushEvent(event.reset().beginObject().field("event", "panic").field("message", message).endObject());
    }
}
