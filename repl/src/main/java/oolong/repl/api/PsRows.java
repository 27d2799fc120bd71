package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the agent's compact {@code ps} ({@code "format":"rows"}, see docs/agent-protocol.md): a
 * row per process, its program and state as indexes into the tables sent once, and no depth,
 * which follows from the pre-order (a parent comes before its children). Gives the same
 * {@link ProcessInfo}s as the object format (PsRowsTest compares the two).
 */
final class PsRows {
    private PsRows() {
    }

    static List<ProcessInfo> parse(JsonNode result) {
        Map<String, Integer> column = new HashMap<>();
        JsonNode columns = result.path("columns");
        for (int i = 0; i < columns.size(); i++) {
            column.put(columns.get(i).asText(), i);
        }
        JsonNode programs = result.path("programs");
        JsonNode states = result.path("states");
        Map<Integer, Integer> depthOf = new HashMap<>();
        List<ProcessInfo> list = new ArrayList<>();
        for (JsonNode row : result.path("rows")) {
            int pid = row.path(column.get("pid")).asInt();
            int ppid = row.path(column.get("ppid")).asInt();
            int depth = ppid == 0 ? 0 : depthOf.getOrDefault(ppid, -1) + 1;
            depthOf.put(pid, depth);
            JsonNode program = row.path(column.get("program"));
            String programName = program.isInt() ? programs.path(program.asInt()).asText("") : program.asText("");
            String state = states.path(row.path(column.get("state")).asInt()).asText("?");
            list.add(ProcessInfo.from(asObject(columns, row, depth, programName, state)));
        }
        return list;
    }

    /**
     * The row as the object format would have sent it, so that {@code ProcessInfo.json()} is the same
     * whichever format the kernel used: numbers copied as they came, names and states looked up, the
     * noreap flag as a boolean and the depth added.
     */
    private static ObjectNode asObject(JsonNode columns, JsonNode row, int depth, String program, String state) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i).asText();
            switch (name) {
                case "program" -> o.put(name, program);
                case "state" -> o.put(name, state);
                case "noreap" -> o.put(name, row.path(i).asInt() != 0);
                default -> o.set(name, row.path(i).isMissingNode() ? NullNode.instance : row.path(i));
            }
            if (name.equals("cid")) {
                o.put("depth", depth);
            }
        }
        return o;
    }
}
