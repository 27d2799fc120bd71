package oolong.kernel.agent;

import oolong.kernel.core.Machine;
import oolong.kernel.fault.FaultPoint;
import oolong.kernel.proc.Process;

/**
 * The agent's fault-injection operation: list the fault points with their knobs and counters,
 * set one (probability, every Nth, at most N times, after skipping N, only some pids or a subtree,
 * a parameter, a seed), or clear one or all.
 */
public final class FaultOperations {
    private FaultOperations() {
    }

    public static void register(Agent agent, Machine machine) {
        agent.register("faults", (req, out) -> {
            String action = req.string("action", "list");
            switch (action) {
                case "list" -> list(out, machine);
                case "clear" -> {
                    if (req.has("point")) {
                        point(req, machine).disable();
                    } else {
                        machine.faults.clear();
                    }
                    list(out, machine);
                }
                case "set" -> {
                    FaultPoint p = point(req, machine);
                    double probability = req.number("probability", 1.0);
                    if (!(probability >= 0 && probability <= 1)) {
                        throw new AgentError("EINVAL", "probability must be in 0..1");
                    }
                    int interval = req.intInRange("interval", 1, Integer.MAX_VALUE, 1);
                    long times = req.integer("times", -1);
                    long space = req.integer("space", 0);
                    if (times < -1 || space < 0) {
                        throw new AgentError("EINVAL", "times must be -1 (no limit) or more, space 0 or more");
                    }
                    long[] pids = req.integers("pids", 256);
                    long subtree = req.integer("subtree", 0);
                    FaultPoint.Scope scope = null;
                    if (pids.length > 0) {
                        scope = pid -> {
                            for (long x : pids) {
                                if (x == pid) {
                                    return true;
                                }
                            }
                            return false;
                        };
                    } else if (subtree > 0) {
                        scope = pid -> {
                            for (Process q = machine.processes.byPid(pid); q != null; q = q.parent()) {
                                if (q.pid() == subtree) {
                                    return true;
                                }
                            }
                            return false;
                        };
                    }
                    long parameter = req.integer("parameter", p.defaultParameter());
                    String badParameter = p.parameterError(parameter);
                    if (badParameter != null) {
                        throw new AgentError("EINVAL", badParameter);
                    }
                    p.configure((int) Math.round(probability * 1_000_000), interval, times, space, scope,
                            parameter, req.integer("seed", 1));
                    describe(out, p, pids, subtree);
                }
                default -> throw new AgentError("EINVAL", "faults action must be list, set or clear");
            }
        });
    }

    private static FaultPoint point(Request req, Machine machine) throws AgentError {
        String name = req.string("point");
        FaultPoint p = machine.faults.byName(name);
        if (p == null) {
            StringBuilder names = new StringBuilder();
            for (FaultPoint f : machine.faults.all()) {
                names.append(names.length() == 0 ? "" : ", ").append(f.name);
            }
            throw new AgentError("EINVAL", "no fault point '" + name + "'; points: " + names);
        }
        return p;
    }

    private static void list(JsonWriter out, Machine machine) {
        out.beginObject().name("points").beginArray();
        for (FaultPoint p : machine.faults.all()) {
            describe(out, p, null, 0);
        }
        out.endArray().field("ticks_skipped", machine.ticksSkipped()).field("ticks_processed", machine.ticksProcessed())
                .field("timer_ticks", machine.platform.timerTicks()).endObject();
    }

    private static void describe(JsonWriter out, FaultPoint p, long[] pids, long subtree) {
        out.beginObject().field("point", p.name).field("description", p.description).field("enabled", p.enabled())
                .field("probability_ppm", p.probabilityPpm()).field("interval", p.interval())
                .field("times_left", p.timesLeft()).field("parameter", p.parameter())
                .field("scoped", p.scope() != null).field("hits", p.hits()).field("failures", p.failures()).endObject();
    }
}
