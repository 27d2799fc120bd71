package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import oolong.repl.view.Fields;
import oolong.repl.view.Text;

/**
 * One process in depth, as {@code k.proc(pid)} returns it: what {@code ps} shows plus its children,
 * what it waits for, its saved user registers, sharing and scheduling figures. Prints as a list of
 * fields with addresses in hex; {@code json()} is the kernel's answer as it came, and
 * {@code path(name)} one of its fields (so {@code k.proc(2).path("rip")} still works).
 */
public record ProcessDetail(int pid, int ppid, int cid, int depth, String program, String state, boolean alive,
                            Long code, boolean noreap, List<Integer> children, boolean sharesMemory,
                            boolean sharesHandles, long interruptHandler, Wait waiting, long rip, long rsp,
                            long cpuMicros, long runs, int nice, int weight, JsonNode json) {

    /**
     * What a waiting process waits for: {@code kind} is pipe, timer, child or request; {@code pipe}
     * the pipe's id (pipe), {@code wakeAtNanos} the kernel clock at which it wakes (timer).
     */
    public record Wait(String kind, long pipe, long wakeAtNanos) {
        static Wait from(JsonNode w) {
            if (w == null || w.isNull() || w.isMissingNode()) {
                return null;
            }
            return new Wait(w.path("kind").asText(), w.path("pipe").asLong(), w.path("wake_at_ns").asLong());
        }

        @Override
        public String toString() {
            return switch (kind) {
                case "pipe" -> "pipe " + pipe;
                case "timer" -> String.format(java.util.Locale.ROOT, "a timer (wakes at %.3f s kernel time)", wakeAtNanos / 1e9);
                case "child" -> "a child to die";
                case "request" -> "a request from the agent (a puppet)";
                default -> kind;
            };
        }
    }

    static ProcessDetail from(JsonNode n) {
        List<Integer> children = new ArrayList<>();
        n.path("children").forEach(c -> children.add(c.asInt()));
        return new ProcessDetail(n.path("pid").asInt(), n.path("ppid").asInt(), n.path("cid").asInt(),
                n.path("depth").asInt(), n.path("program").asText(""), n.path("state").asText("?"),
                n.path("alive").asBoolean(), n.path("code").isNull() || n.path("code").isMissingNode() ? null
                : n.path("code").asLong(), n.path("noreap").asBoolean(), List.copyOf(children),
                n.path("shares_memory").asBoolean(), n.path("shares_handles").asBoolean(), n.path("intr_handler").asLong(),
                Wait.from(n.get("wait")), n.path("rip").asLong(), n.path("rsp").asLong(), n.path("cpu_us").asLong(),
                n.path("runs").asLong(), n.path("nice").asInt(), n.path("weight").asInt(), n);
    }

    /** A field of the kernel's answer, as JSON (missing fields give a missing node, as JsonNode.path does). */
    public JsonNode path(String field) {
        return json.path(field);
    }

    @Override
    public String toString() {
        Fields f = new Fields("process " + pid + " (" + program + ")" + (noreap ? " [noreap]" : ""));
        f.add("state", state + (waiting == null ? "" : ", waiting for " + waiting) + (alive ? "" : " (dead)"));
        f.add("parent", ppid + " (child id " + cid + ", depth " + depth + ")");
        f.add("children", children.isEmpty() ? "none" : String.join(", ", children.stream().map(String::valueOf).toList()));
        if (code != null) {
            f.add("exit code", code);
        }
        if (alive) {
            f.add("rip", Text.address(rip) + oolong.repl.introspect.Symbolizer.suffix(rip));
            f.add("rsp", Text.address(rsp));
        }
        f.add("interrupts", interruptHandler == 0 ? "no handler" : "handler at " + Text.address(interruptHandler));
        f.add("shares", sharesMemory || sharesHandles ? (sharesMemory ? "its address space" : "")
                + (sharesMemory && sharesHandles ? " and " : "") + (sharesHandles ? "its handle table" : "")
                + " with another process" : "nothing");
        f.add("cpu", String.format(java.util.Locale.ROOT, "%.1f ms in %d runs (nice %d, weight %d)", cpuMicros / 1000.0,
                runs, nice, weight));
        return f.toString();
    }
}
