package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A process's handle table as {@code k.handles(pid)} returns it, printed as a table; {@code json} is the kernel's answer. */
public record HandleTable(int pid, boolean shared, int sharers, List<Handle> slots, JsonNode json) {

    /** Equal when they describe the same thing: {@code json}, where the description came from (the agent, or memory read by vm.core()), does not count. */
    @Override
    public boolean equals(Object other) {
        return other instanceof HandleTable o && java.util.Objects.equals(pid, o.pid) && java.util.Objects.equals(shared, o.shared) && java.util.Objects.equals(sharers, o.sharers) && java.util.Objects.equals(slots, o.slots);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(pid, shared, sharers, slots);
    }
    /** One occupied slot. {@code blocked}: the processes waiting on this pipe end's queue. */
    public record Handle(int slot, String type, String end, int refcount, boolean readable, boolean writable,
                         boolean peerOpen, List<Integer> blocked) {
    }

    static HandleTable from(JsonNode r) {
        List<Handle> slots = new ArrayList<>();
        for (JsonNode h : r.path("slots")) {
            List<Integer> blocked = new ArrayList<>();
            for (JsonNode b : h.path("blocked")) {
                blocked.add(b.asInt());
            }
            slots.add(new Handle(h.path("slot").asInt(), h.path("type").asText(), h.path("end").asText(""),
                    h.path("refcount").asInt(), h.path("readable").asBoolean(), h.path("writable").asBoolean(),
                    h.path("peer_open").asBoolean(), List.copyOf(blocked)));
        }
        return new HandleTable(r.path("pid").asInt(), r.path("shared").asBoolean(), r.path("sharers").asInt(1),
                List.copyOf(slots), r);
    }

    public Handle slot(int slot) {
        return slots.stream().filter(h -> h.slot() == slot).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("handles of pid " + pid + (shared ? " (table shared by " + sharers + " processes)" : "")
                + "\n");
        sb.append(String.format("%4s  %-6s %-6s %4s %3s  %-10s %s%n", "SLOT", "TYPE", "END", "REFS", "R/W", "PEER", "BLOCKED"));
        for (Handle h : slots) {
            sb.append(String.format("%4d  %-6s %-6s %4d %3s  %-10s %s%n", h.slot(), h.type(), h.end(), h.refcount(),
                    (h.readable() ? "r" : "-") + (h.writable() ? "w" : "-"), h.type().equals("pipe")
                            ? (h.peerOpen() ? "open" : "closed") : "", h.blocked().isEmpty() ? "" : h.blocked().toString()));
        }
        if (slots.isEmpty()) {
            sb.append("  (no handles)\n");
        }
        return sb.toString().stripTrailing();
    }
}
