package oolong.kernel.agent;

import oolong.api.sched.jit.CompiledPolicy;
import oolong.api.sched.vm.PolicyBudget;
import oolong.api.sched.vm.PolicyInterpreter;
import oolong.api.sched.vm.PolicyRejected;
import oolong.kernel.loop.KernelLoop;
import oolong.kernel.sched.BuiltInPolicies;
import oolong.kernel.core.Machine;
import oolong.kernel.core.PolicyCompilation;
import oolong.kernel.proc.Process;
import oolong.kernel.proc.Processes;
import oolong.kernel.sched.Scheduler;
import oolong.kernel.sched.Timeline;

/**
 * The agent's scheduler operations: which policy runs and how it is doing, swapping to a built-in
 * policy by name, per-process tuning (nice, weight), per-process CPU accounting, and the timeline
 * of which process ran when.
 */
public final class SchedOperations {
    private SchedOperations() {
    }

    /** Longest watchdog limit and longest slice the agent accepts (ms). */
    static final int MAX_WATCHDOG_MS = 60_000;
    static final int MAX_SLICE_MS = 10_000;

    public static void register(Agent agent, Machine machine, KernelLoop loop) {
        agent.addDisconnectHook(loop::cancelJob);     /* a benchmark's answer could only reach the next host */
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
                    machine.processes.changes().mark(p);      /* ps since a generation looks at it again */
                    machine.requestReschedule();
                    out.beginObject().field("pid", p.pid()).field("nice", p.sched.nice).field("weight", p.sched.weight)
                            .endObject();
                }
                case "stats" -> {
                    out.beginObject().field("now_tick", machine.platform.timerTicks()).name("processes").beginArray();
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
                    out.beginObject().field("next", to).field("now_tick", machine.platform.timerTicks())
                            .field("hz", machine.platform.timerHz()).name("runs").beginArray();
                    for (long i = from; i < to; i++) {
                        out.beginArray().value(t.tickAt(i)).value(t.pidAt(i)).endArray();
                    }
                    out.endArray().endObject();
                }
                case "install" -> {
                    long t0 = machine.scheduler.nanos();
                    byte[] cls = classBytes(req);
                    long budget = budget(req, machine.platform.timerHz());
                    try {
                        machine.installPolicy(cls, budget, compile(req, machine));
                    } catch (PolicyRejected e) {
                        throw new AgentError("EPOLICY", e.getMessage());
                    }
                    machine.compilation.setLastInstallNanos(machine.scheduler.nanos() - t0);
                    describe(out, machine);
                }
                case "limits" -> {
                    Scheduler s = machine.scheduler;
                    if (req.has("cpu_percent")) {
                        s.setCpuPercent(req.intInRange("cpu_percent", 1, 100));
                    }
                    if (req.has("watchdog_ms")) {
                        s.setWatchdogNanos(req.intInRange("watchdog_ms", 0, MAX_WATCHDOG_MS) * 1_000_000L);
                    }
                    if (req.has("max_slice_ms")) {
                        int tickMs = Math.max(1, 1000 / machine.platform.timerHz());
                        s.setMaxSliceNanos(req.intInRange("max_slice_ms", tickMs, MAX_SLICE_MS) * 1_000_000L);
                    }
                    limits(out, machine);
                }
                case "bench" -> BenchOperation.start(agent, loop, req, machine);
                case "jit" -> {
                    if (req.has("enabled")) {
                        machine.compilation.setEnabled(req.bool("enabled", true));
                    }
                    describe(out, machine);
                }
                default -> throw new AgentError("EINVAL",
                        "sched action must be get, use, install, set, limits, stats, timeline, bench or jit");
            }
        });
    }

    /**
     * The request's instruction budget per decision ("budget"), or the default: at most what keeps
     * one decision well under a tick at this timer frequency.
     */
    static long budget(Request req, int hz) throws AgentError {
        if (!req.has("budget")) {
            return PolicyBudget.defaultFor(hz);
        }
        long budget = req.integer("budget");
        long max = PolicyBudget.max(hz);
        if (budget < PolicyBudget.MIN || budget > max) {
            throw new AgentError("EINVAL", "budget must be " + PolicyBudget.MIN + ".." + max + " instructions per decision at "
                    + hz + " Hz (one decision must stay well under a tick), not " + budget);
        }
        return budget;
    }

    /**
     * Whether to compile the class the request sends: its "mode" ("compiled" or "interpreted"),
     * or the kernel's switch (on unless jit=off or turned off with action "jit").
     */
    static boolean compile(Request req, Machine machine) throws AgentError {
        if (!req.has("mode")) {
            return machine.compilation.enabled();
        }
        String mode = req.string("mode");
        if (!mode.equals("compiled") && !mode.equals("interpreted")) {
            throw new AgentError("EINVAL", "mode must be compiled or interpreted, not '" + mode + "'");
        }
        return mode.equals("compiled");
    }

    /** A class file sent as base64 in the request's "class" field. */
    static byte[] classBytes(Request req) throws AgentError {
        String text = req.string("class");
        try {
            return java.util.Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new AgentError("EINVAL", "'class' must be a class file in base64");
        }
    }

    private static void describe(JsonWriter out, Machine machine) {
        var s = machine.scheduler;
        boolean interpreted = s.policy() instanceof PolicyInterpreter;
        boolean compiled = s.policy() instanceof CompiledPolicy;
        PolicyCompilation c = machine.compilation;
        out.beginObject().field("policy", s.policyName()).field("interpreted", interpreted).field("compiled", compiled)
                .field("budget", interpreted ? ((PolicyInterpreter) s.policy()).budget()
                        : compiled ? ((CompiledPolicy) s.policy()).budget() : 0)
                .field("last_instructions", interpreted ? ((PolicyInterpreter) s.policy()).lastInstructions()
                        : compiled ? ((CompiledPolicy) s.policy()).lastInstructions() : 0)
                .field("jit", c.enabled()).field("compile_ns", compiled ? c.lastCompileNanos() : -1)
                .field("code_bytes", compiled ? c.lastCodeBytes() : 0)
                .field("verify_ns", c.lastVerifyNanos()).field("install_ns", c.lastInstallNanos())
                .field("jit_note", interpreted ? c.lastNote() : "").field("code_free_bytes", c.freeCodeBytes())
                .field("policy_decisions", s.policyDecisions()).field("policy_decision_ns", s.policyDecisionNanos())
                .field("policy_age_ns", s.policyAgeNanos())
                .field("first_decision_delay_ns", s.firstDecisionDelayNanos()).field("decisions", s.decisions())
                .field("decision_ns", s.decisionNanos()).field("fallbacks", s.fallbacks())
                .field("last_fallback", s.lastFallbackReason()).field("timer_hz", machine.platform.timerHz())
                .field("context_switches", machine.contextSwitches()).field("cpu_share_percent", s.cpuSharePercent())
                .name("limits");
        limits(out, machine);
        out.name("built_in").beginArray();
        for (String n : BuiltInPolicies.NAMES) {
            out.value(n);
        }
        out.endArray().endObject();
    }

    /** The bounds every policy runs under (see docs/scheduler.md, "Safety"). */
    private static void limits(JsonWriter out, Machine machine) {
        Scheduler s = machine.scheduler;
        int hz = machine.platform.timerHz();
        out.beginObject().field("cpu_percent", s.cpuPercent()).field("cpu_window_ms", Scheduler.CPU_WINDOW_NANOS / 1_000_000)
                .field("watchdog_ms", s.watchdogNanos() / 1_000_000)
                .field("watchdog_ticks_per_runnable", Scheduler.WAIT_TICKS_PER_RUNNABLE)
                .field("max_slice_ms", s.maxSliceNanos() / 1_000_000)
                .field("default_budget", PolicyBudget.defaultFor(hz)).field("max_budget", PolicyBudget.max(hz))
                .endObject();
    }
}
