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
            /* name=value pairs, wrapped before 100 columns so that a terminal does not cut one in two */
            StringBuilder line = new StringBuilder("  counters:");
            for (Map.Entry<String, Long> e : new java.util.TreeMap<>(counters).entrySet()) {
                String pair = e.getKey() + "=" + e.getValue();
                if (line.length() + 1 + pair.length() > 100) {
                    sb.append('\n').append(line);
                    line = new StringBuilder("           ");
                }
                line.append(' ').append(pair);
            }
            sb.append('\n').append(line);
        }
        return sb.toString();
    }
}
