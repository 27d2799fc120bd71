package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;
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
            JsonNode code = row.path(column.get("code"));
            list.add(new ProcessInfo(pid, ppid, row.path(column.get("cid")).asInt(), depth,
                    program.isInt() ? programs.path(program.asInt()).asText("") : program.asText(""),
                    states.path(row.path(column.get("state")).asInt()).asText("?"),
                    code.isNull() || code.isMissingNode() ? null : code.asLong(),
                    row.path(column.get("noreap")).asInt() != 0, row.path(column.get("handles")).asInt(),
                    row.path(column.get("pages")).asLong(), row.path(column.get("cpu_us")).asLong()));
        }
        return list;
    }
}
