package oolong.kernel.agent;

import oolong.kernel.arch.Cpu;
import oolong.kernel.core.BuiltInPolicies;
import oolong.kernel.core.Machine;
import oolong.kernel.proc.Process;
import oolong.kernel.proc.Processes;
import oolong.kernel.sched.Timeline;

/**
 * The agent's scheduler operations: which policy runs and how it is doing, swapping to a built-in
 * policy by name, per-process tuning (nice, weight), per-process CPU accounting, and the timeline
 * of which process ran when.
 */
public final class SchedOperations {
    private SchedOperations() {
    }

    public static void register(Agent agent, Machine machine) {
        agent.register("sched", (req, out) -> {
            String action = req.string("action", "get");
            switch (action) {
                case "get" -> describe(out, machine);
                case "use" -> {
                    String name = req.string("policy");
                    if (!machine.useBuiltIn(name)) {
                        throw new AgentError("EINVAL", "no built-in policy '" + name + "'; built-ins: "
                                + String.join(", ", BuiltInPolicies.NAMES));
                    }
                    describe(out, machine);
                }
                case "set" -> {
                    Process p = ProcessOperations.process(req, machine.processes);
                    if (req.has("nice")) {
                        p.sched.nice = req.intInRange("nice", -20, 19);
                    }
                    if (req.has("weight")) {
                        p.sched.weight = req.intInRange("weight", 1, 10_000);
                    }
                    machine.requestReschedule();
                    out.beginObject().field("pid", p.pid()).field("nice", p.sched.nice).field("weight", p.sched.weight)
                            .endObject();
                }
                case "stats" -> {
                    out.beginObject().field("now_tick", Cpu.timerTicks()).name("processes").beginArray();
                    for (Process p = machine.processes.init(); p != null; p = Processes.next(p, null)) {
                        if (!p.alive()) {
                            continue;
                        }
                        out.beginObject().field("pid", p.pid()).field("program", p.program() == null ? "" : p.program())
                                .field("state", p.state().name()).field("cpu_us", p.sched.cpuNanos / 1000)
                                .field("runs", p.sched.runs).field("nice", p.sched.nice).field("weight", p.sched.weight)
                                .endObject();
                    }
                    out.endArray().endObject();
                }
                case "timeline" -> {
                    Timeline t = machine.timeline;
                    long from = Math.max(req.integer("since", 0), t.oldest());
                    long to = Math.min(t.count(), from + 4096);
                    out.beginObject().field("next", to).field("now_tick", Cpu.timerTicks())
                            .field("hz", Cpu.timerHz()).name("runs").beginArray();
                    for (long i = from; i < to; i++) {
                        out.beginArray().value(t.tickAt(i)).value(t.pidAt(i)).endArray();
                    }
                    out.endArray().endObject();
                }
                default -> throw new AgentError("EINVAL", "sched action must be get, use, set, stats or timeline");
            }
        });
    }

    private static void describe(JsonWriter out, Machine machine) {
        var s = machine.scheduler;
        out.beginObject().field("policy", s.policyName()).field("decisions", s.decisions())
                .field("decision_ns", s.decisionNanos()).field("fallbacks", s.fallbacks())
                .field("last_fallback", s.lastFallbackReason()).field("timer_hz", Cpu.timerHz())
                .field("context_switches", machine.contextSwitches()).name("built_in").beginArray();
        for (String n : BuiltInPolicies.NAMES) {
            out.value(n);
        }
        out.endArray().endObject();
    }
}
