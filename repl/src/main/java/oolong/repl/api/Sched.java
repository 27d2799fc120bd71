package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's scheduler ({@code k.sched()}): the running policy, swapping it, tuning processes,
 * CPU shares and the timeline of who ran when.
 */
public final class Sched {
    private final Kernel k;

    Sched(Kernel k) {
        this.k = k;
    }

    /** The policy, decision counts and costs, fallbacks, and the built-in names. */
    public JsonNode info() {
        return k.call("sched", "action", "get");
    }

    public String policy() {
        return info().path("policy").asText();
    }

    /** Switches to a built-in policy: seed, round-robin, priority, lottery, stride. */
    public String use(String builtIn) {
        return k.call("sched", "action", "use", "policy", builtIn).path("policy").asText();
    }

    public void nice(int pid, int nice) {
        k.call("sched", "action", "set", "pid", pid, "nice", nice);
    }

    /** Tickets for lottery and stride (1..10000). */
    public void weight(int pid, int weight) {
        k.call("sched", "action", "set", "pid", pid, "weight", weight);
    }

    /** CPU time (microseconds) and run counts of the live processes. */
    public Map<Integer, long[]> stats() {
        Map<Integer, long[]> m = new LinkedHashMap<>();
        for (JsonNode p : k.call("sched", "action", "stats").path("processes")) {
            m.put(p.path("pid").asInt(), new long[] {p.path("cpu_us").asLong(), p.path("runs").asLong()});
        }
        return m;
    }

    /** CPU microseconds of each given process. */
    public long[] cpu(int... pids) {
        Map<Integer, long[]> s = stats();
        long[] out = new long[pids.length];
        for (int i = 0; i < pids.length; i++) {
            long[] v = s.get(pids[i]);
            out[i] = v == null ? 0 : v[0];
        }
        return out;
    }

    private long timelineNext;

    /** Runs recorded since the last call (or since boot, the first time). */
    public Timeline timeline() {
        List<long[]> runs = new ArrayList<>();
        int hz = 100;
        long now = 0;
        while (true) {
            JsonNode r = k.call("sched", "action", "timeline", "since", timelineNext);
            hz = r.path("hz").asInt(100);
            now = r.path("now_tick").asLong();
            for (JsonNode e : r.path("runs")) {
                runs.add(new long[] {e.get(0).asLong(), e.get(1).asLong()});
            }
            long next = r.path("next").asLong();
            if (next == timelineNext || r.path("runs").isEmpty()) {
                break;
            }
            timelineNext = next;
        }
        return new Timeline(runs, now, Math.max(1, hz));
    }

    @Override
    public String toString() {
        JsonNode i = info();
        return "scheduler: " + i.path("policy").asText() + ", " + i.path("decisions").asLong() + " decisions, "
                + i.path("fallbacks").asLong() + " fallbacks" + (i.path("last_fallback").isNull() ? ""
                : " (last: " + i.path("last_fallback").asText() + ")");
    }
}
