package oolong.kernel.agent;

import oolong.api.sched.Policy;
import oolong.api.sched.vm.PolicyInterpreter;
import oolong.api.sched.vm.PolicyRejected;
import oolong.api.sched.vm.PolicyVerifier;
import oolong.api.sched.vm.VerifiedPolicy;
import oolong.kernel.arch.Cpu;
import oolong.kernel.core.BuiltInPolicies;
import oolong.kernel.core.Machine;
import oolong.kernel.proc.Process;
import oolong.kernel.proc.Processes;
import oolong.kernel.sched.PolicyBench;
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
                    long from = t.windowStart(req.integer("since", 0));
                    long to = t.windowEnd(from, 4096);
                    out.beginObject().field("next", to).field("now_tick", Cpu.timerTicks())
                            .field("hz", Cpu.timerHz()).name("runs").beginArray();
                    for (long i = from; i < to; i++) {
                        out.beginArray().value(t.tickAt(i)).value(t.pidAt(i)).endArray();
                    }
                    out.endArray().endObject();
                }
                case "install" -> {
                    byte[] cls = classBytes(req);
                    long budget = req.has("budget") ? req.intInRange("budget", 100, 10_000_000) : 0;
                    try {
                        machine.installPolicy(cls, budget);
                    } catch (PolicyRejected e) {
                        throw new AgentError("EPOLICY", e.getMessage());
                    }
                    describe(out, machine);
                }
                case "bench" -> bench(req, out);
                default -> throw new AgentError("EINVAL",
                        "sched action must be get, use, install, set, stats, timeline or bench");
            }
        });
    }

    /** A class file sent as base64 in the request's "class" field. */
    private static byte[] classBytes(Request req) throws AgentError {
        String text = req.string("class");
        try {
            return java.util.Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new AgentError("EINVAL", "'class' must be a class file in base64");
        }
    }

    /**
     * Decision cost of a built-in policy ("policy") or a class ("class") for a number of runnable
     * processes, measured in the kernel on synthetic entities. Blocks the kernel while it runs.
     */
    private static void bench(Request req, JsonWriter out) throws AgentError {
        int runnable = req.intInRange("runnable", 1, 1024);
        int decisions = req.intInRange("decisions", 1, 1_000_000, 10_000);
        Policy policy;
        String name;
        PolicyInterpreter interpreter = null;
        if (req.has("class")) {
            try {
                VerifiedPolicy v = PolicyVerifier.verify(classBytes(req));
                interpreter = new PolicyInterpreter(v);
                policy = interpreter;
                name = v.name();
            } catch (PolicyRejected e) {
                throw new AgentError("EPOLICY", e.getMessage());
            }
        } else {
            name = req.string("policy");
            policy = BuiltInPolicies.create(name);
            if (policy == null) {
                throw new AgentError("EINVAL", "no built-in policy '" + name + "'");
            }
        }
        PolicyBench.Result r;
        try {
            r = PolicyBench.run(policy, name, runnable, decisions);
        } catch (IllegalStateException e) {
            throw new AgentError("EPOLICY", e.getMessage());
        }
        out.beginObject().field("policy", name).field("interpreted", interpreter != null).field("runnable", runnable)
                .field("decisions", r.decisions).field("nanos", r.nanos)
                .field("instructions_last", interpreter == null ? 0 : interpreter.lastInstructions()).name("picks")
                .beginArray();
        for (long p : r.picks) {
            out.value(p);
        }
        out.endArray().name("trace").beginArray();
        for (int t : r.trace) {
            out.value(t);
        }
        out.endArray().endObject();
    }

    private static void describe(JsonWriter out, Machine machine) {
        var s = machine.scheduler;
        boolean interpreted = s.policy() instanceof PolicyInterpreter;
        out.beginObject().field("policy", s.policyName()).field("interpreted", interpreted)
                .field("budget", interpreted ? ((PolicyInterpreter) s.policy()).budget() : 0)
                .field("last_instructions", interpreted ? ((PolicyInterpreter) s.policy()).lastInstructions() : 0)
                .field("policy_decisions", s.policyDecisions()).field("policy_decision_ns", s.policyDecisionNanos())
                .field("policy_age_ns", s.policyAgeNanos())
                .field("first_decision_delay_ns", s.firstDecisionDelayNanos()).field("decisions", s.decisions())
                .field("decision_ns", s.decisionNanos()).field("fallbacks", s.fallbacks())
                .field("last_fallback", s.lastFallbackReason()).field("timer_hz", Cpu.timerHz())
                .field("context_switches", machine.contextSwitches()).name("built_in").beginArray();
        for (String n : BuiltInPolicies.NAMES) {
            out.value(n);
        }
        out.endArray().endObject();
    }
}
