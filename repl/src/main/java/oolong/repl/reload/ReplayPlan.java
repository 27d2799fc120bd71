package oolong.repl.reload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a reload replays: the snippets of the state log, in the order they first ran (a spawn
 * before the kill of its child, a policy class installed after the processes it schedules were
 * spawned, as in the session), each with the kinds of state it built.
 */
public record ReplayPlan(List<StateLog.Entry> steps) {
    public static ReplayPlan of(StateLog log) {
        return new ReplayPlan(log.entries());
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** "3 snippets (2 spawn, 1 policy)" */
    public String summary() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String kind : StateCalls.KINDS) {
            for (StateLog.Entry e : steps) {
                if (e.kinds().contains(kind)) {
                    counts.merge(kind, 1, Integer::sum);
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        counts.forEach((k, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(n).append(' ').append(k));
        return steps.size() + " snippet" + (steps.size() == 1 ? "" : "s") + (sb.length() == 0 ? "" : " (" + sb + ")");
    }
}
