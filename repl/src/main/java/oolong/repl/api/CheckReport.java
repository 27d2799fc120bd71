package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The kernel's self-check: invariant violations (none when healthy) and its leak counters; {@code json} is the kernel's answer. */
public record CheckReport(List<String> violations, Map<String, Long> counters, JsonNode json) {
    static CheckReport from(JsonNode r) {
        List<String> v = new ArrayList<>();
        for (JsonNode n : r.path("violations")) {
            v.add(n.asText());
        }
        Map<String, Long> c = new LinkedHashMap<>();
        r.path("counters").fields().forEachRemaining(e -> c.put(e.getKey(), e.getValue().asLong()));
        return new CheckReport(List.copyOf(v), Map.copyOf(c), r);
    }

    public boolean ok() {
        return violations.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(ok() ? "check: ok" : "check: " + violations.size() + " VIOLATION(S)");
        for (String v : violations) {
            sb.append("\n  ! ").append(v);
        }
        if (!counters.isEmpty()) {
            sb.append("\n  counters:");
            new java.util.TreeMap<>(counters).forEach((k, val) -> sb.append(' ').append(k).append('=').append(val));
        }
        return sb.toString();
    }
}
