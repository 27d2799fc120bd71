package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything attached at the kernel's hooks ({@code k.probes()}), and the last extensions detached
 * with the reason: one line each, with the hook, hits, mean cost and faults.
 */
public record ProbeList(List<Row> attached, List<Row> detached, long cpuSharePercent) {
    /** What an extension cost: hits, nanoseconds and instructions in all. */
    public record Cost(long hits, long nanos, long instructions) {
        static Cost of(JsonNode e) {
            return new Cost(e.path("hits").asLong(), e.path("nanos").asLong(), e.path("instructions").asLong());
        }

        /** Mean nanoseconds per hit (0 before the first). */
        public long meanNanos() {
            return hits == 0 ? 0 : nanos / hits;
        }

        @Override
        public String toString() {
            return hits + " hits, " + meanNanos() + " ns each (" + (hits == 0 ? 0 : instructions / hits) + " instructions)";
        }
    }

    /**
     * One extension: id, kind, name, hook, cost, drops over its maps, why it was detached (null
     * while attached), and how it runs: compiled at attach (in compileNanos) or interpreted (jitNote says why).
     */
    public record Row(int id, String kind, String name, String hook, Cost cost, long drops, String reason, boolean compiled,
            long compileNanos, String jitNote) {
        /** "compiled" or "interpreted". */
        public String mode() {
            return compiled ? "compiled" : "interpreted";
        }

        /** 1 if the kernel detached it for a fault, an illegal value or the CPU bound, else 0. */
        public int faults() {
            return reason != null && !reason.equals("detached") ? 1 : 0;
        }
    }

    static ProbeList from(JsonNode r, java.util.function.Function<JsonNode, String> explain) {
        return new ProbeList(rows(r.path("attached"), explain), rows(r.path("detached"), explain),
                r.path("cpu_share_percent").asLong());
    }

    private static List<Row> rows(JsonNode array, java.util.function.Function<JsonNode, String> explain) {
        List<Row> out = new ArrayList<>();
        for (JsonNode e : array) {
            long drops = 0;
            for (JsonNode d : e.path("drops")) {
                drops += d.asLong();
            }
            out.add(new Row(e.path("id").asInt(), e.path("kind").asText(), e.path("name").asText(), e.path("hook").asText(),
                    Cost.of(e), drops, e.has("reason") ? explain.apply(e) : null, e.path("compiled").asBoolean(),
                    e.path("compile_ns").asLong(), e.path("jit_note").asText()));
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%3s  %-5s  %-20s %-16s %10s %10s %6s %6s  %s%n", "id", "kind", "name", "hook", "hits", "mean ns",
                "drops", "faults", "runs"));
        for (Row r : attached) {
            b.append(line(r)).append('\n');
        }
        if (attached.isEmpty()) {
            b.append("(nothing attached)\n");
        }
        for (Row r : detached) {
            if (r.faults() > 0) {
                b.append(line(r)).append("  detached: ").append(r.reason).append('\n');
            }
        }
        return b.append("extensions' CPU share over the last second: ").append(cpuSharePercent).append('%').toString();
    }

    private static String line(Row r) {
        return String.format("%3d  %-5s  %-20s %-16s %10d %10d %6d %6d  %s", r.id, r.kind, r.name, r.hook, r.cost.hits(),
                r.cost.meanNanos(), r.drops, r.faults(), r.compiled ? String.format("compiled in %.2f ms", r.compileNanos / 1e6)
                        : "interpreted" + (r.jitNote.isEmpty() ? "" : " (" + r.jitNote + ")"));
    }
}
