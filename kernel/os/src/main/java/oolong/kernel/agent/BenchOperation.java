package oolong.kernel.agent;

import oolong.api.sched.Policy;
import oolong.api.sched.jit.CompiledPolicy;
import oolong.api.sched.vm.PolicyInterpreter;
import oolong.api.sched.vm.PolicyRejected;
import oolong.api.sched.vm.PolicyVerifier;
import oolong.api.sched.vm.VerifiedPolicy;
import oolong.kernel.core.Machine;
import oolong.kernel.loop.KernelLoop;
import oolong.kernel.sched.BuiltInPolicies;
import oolong.kernel.sched.PolicyBench;

/**
 * `sched bench`: the cost of one decision of a built-in policy or a class, measured in the kernel
 * over synthetic runnable processes. It runs as a job of the kernel loop, {@link #SLICE_NANOS} at
 * a time, so the agent keeps answering and processes keep running meanwhile; its answer is
 * deferred until it is done. Once its warm-up decisions are made (at most 250 ms of them) it
 * extrapolates the whole run — leaving out the first slice, which pays for the emulator
 * translating cold code — and refuses one that would take longer than {@link #LIMIT_NANOS},
 * saying how long and how many decisions fit.
 */
final class BenchOperation {
    /** Decision time one slice of the benchmark may take before the loop does other work. */
    static final long SLICE_NANOS = 5_000_000L;
    /** The longest benchmark the kernel runs (decision time, extrapolated once the warm-up is over). */
    static final long LIMIT_NANOS = 5_000_000_000L;
    /** The estimate is made when the warm-up is over, or after this much deciding if the warm-up is slow. */
    static final long JUDGE_AFTER_NANOS = 250_000_000L;

    private BenchOperation() {
    }

    /** The compiled copy the last benchmark of a class ran, released when the next one starts. */
    private static CompiledPolicy lastCompiled;

    static void start(Agent agent, KernelLoop loop, Request req, Machine machine) throws AgentError {
        int timerHz = machine.platform.timerHz();
        int runnable = req.intInRange("runnable", 1, 1024);
        int decisions = req.intInRange("decisions", 1, 1_000_000, 10_000);
        Policy policy;
        String name;
        PolicyInterpreter interpreter = null;
        CompiledPolicy compiled = null;
        if (req.has("class")) {
            try {
                VerifiedPolicy v = PolicyVerifier.verify(SchedOperations.classBytes(req));
                long budget = SchedOperations.budget(req, timerHz);
                if (loop.jobRunning()) {
                    throw new AgentError("EBUSY", "a benchmark is already running; its answer comes first");
                }
                if (lastCompiled != null) {
                    lastCompiled.release();
                    lastCompiled = null;
                }
                if (SchedOperations.compile(req, machine)) {
                    compiled = machine.compileForBench(v, budget);
                    lastCompiled = compiled;
                }
                if (compiled != null) {
                    policy = compiled;
                } else {
                    interpreter = new PolicyInterpreter(v);
                    interpreter.setBudget(budget);
                    policy = interpreter;
                }
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
        if (loop.jobRunning()) {
            throw new AgentError("EBUSY", "a benchmark is already running; its answer comes first");
        }
        PolicyBench.Run run = new PolicyBench.Run(policy, name, runnable, decisions);
        String id = req.defer();
        PolicyInterpreter counted = interpreter;
        CompiledPolicy countedCompiled = compiled;
        boolean[] checked = {false};
        loop.submit(() -> {
            boolean more;
            try {
                more = run.step(SLICE_NANOS);
            } catch (IllegalStateException e) {
                agent.respondError(id, new AgentError("EPOLICY", e.getMessage()));
                return false;
            }
            if (more && !checked[0] && (run.warm() || run.spentNanos() >= JUDGE_AFTER_NANOS)) {
                checked[0] = true;
                long estimate = run.estimatedNanos();
                if (estimate > LIMIT_NANOS) {
                    long each = Math.max(1, estimate / (decisions + Math.min(decisions, PolicyBench.WARM_UP)));
                    agent.respondError(id, new AgentError("EINVAL", "the benchmark would take about "
                            + duration(estimate) + " (" + decisions + " decisions at " + micros(each)
                            + " each); the kernel runs at most " + LIMIT_NANOS / 1_000_000_000L
                            + " s of it: ask for at most " + Math.max(1, LIMIT_NANOS / each - PolicyBench.WARM_UP)
                            + " decisions"));
                    return false;
                }
            }
            if (!more) {
                agent.respond(id, result(name, counted, countedCompiled, run));
            }
            return more;
        });
    }

    private static JsonWriter result(String name, PolicyInterpreter interpreter, CompiledPolicy compiled, PolicyBench.Run run) {
        PolicyBench.Result r = run.result();
        JsonWriter out = new JsonWriter().beginObject().field("policy", name).field("interpreted", interpreter != null)
                .field("compiled", compiled != null)
                .field("runnable", run.runnable()).field("decisions", r.decisions).field("nanos", r.nanos)
                .field("instructions_last", interpreter != null ? interpreter.lastInstructions()
                        : compiled != null ? compiled.lastInstructions() : 0).name("picks")
                .beginArray();
        for (long p : r.picks) {
            out.value(p);
        }
        out.endArray().name("trace").beginArray();
        for (int t : r.trace) {
            out.value(t);
        }
        return out.endArray().endObject();
    }

    static String duration(long nanos) {
        long s = nanos / 1_000_000_000L;
        if (s >= 120) {
            return (s / 60) + " min";
        }
        if (s >= 10) {
            return s + " s";
        }
        return (nanos / 1_000_000) + " ms";
    }

    private static String micros(long nanos) {
        return nanos >= 10_000 ? (nanos / 1000) + " us" : (nanos / 1000) + "." + (nanos / 100) % 10 + " us";
    }
}
