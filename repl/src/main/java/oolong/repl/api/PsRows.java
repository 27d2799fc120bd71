package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Reads the agent's compact {@code ps} ({@code "format":"rows"}, see docs/agent-protocol.md): a
 * row per process, its program and state as indexes into the tables sent once, trailing cells
 * left off when they hold the {@code defaults}, and no depth, which follows from the pre-order (a
 * parent comes before its children). Gives the same {@link ProcessInfo}s as the object format
 * (PsRowsTest compares the two). An incremental answer ({@code "since":G}) holds only the rows
 * that changed and the pids removed; {@link PsCache} merges it into the tree it keeps.
 */
final class PsRows {
    /** One answer: its generation, whether it is the whole tree, its rows in pre-order, the pids it removes. */
    record Answer(long generation, boolean full, List<ProcessInfo> rows, List<Integer> removed) {
    }

    private PsRows() {
    }

    /** The whole tree from a full answer (depth counted from the rows alone). */
    static List<ProcessInfo> parse(JsonNode result) {
        return answer(result, pid -> -1).rows();
    }

    /**
     * An answer; {@code knownDepth} gives the depth of a parent that is not among the answer's
     * own rows (an incremental answer's row whose parent did not change), -1 when unknown.
     */
    static Answer answer(JsonNode result, IntUnaryOperator knownDepth) {
        JsonNode columns = result.path("columns");
        Map<String, Integer> column = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            column.put(columns.get(i).asText(), i);
        }
        JsonNode defaults = result.path("defaults");
        int required = columns.size() - defaults.size();
        JsonNode programs = result.path("programs");
        JsonNode states = result.path("states");
        int pidAt = column.get("pid");
        int ppidAt = column.get("ppid");
        int programAt = column.get("program");
        int stateAt = column.get("state");
        int[] at = new int[OBJECT_ORDER.size()];
        for (int k = 0; k < at.length; k++) {
            at[k] = column.getOrDefault(OBJECT_ORDER.get(k), -1);
        }
        Map<Integer, Integer> depthOf = new HashMap<>();
        List<ProcessInfo> list = new ArrayList<>();
        for (JsonNode row : result.path("rows")) {
            int pid = row.path(pidAt).asInt();
            int ppid = row.path(ppidAt).asInt();
            Integer inAnswer = depthOf.get(ppid);
            int parentDepth = inAnswer != null ? inAnswer : ppid == 0 ? -1 : knownDepth.applyAsInt(ppid);
            int depth = ppid == 0 ? 0 : parentDepth < 0 ? -1 : parentDepth + 1;   /* -1: parent unknown */
            depthOf.put(pid, depth);
            JsonNode program = row.path(programAt);
            String programName = program.isInt() ? programs.path(program.asInt()).asText("") : program.asText("");
            String state = states.path(row.path(stateAt).asInt()).asText("?");
            list.add(ProcessInfo.from(asObject(at, defaults, required, row, depth, programName, state)));
        }
        List<Integer> removed = new ArrayList<>();
        result.path("removed").forEach(n -> removed.add(n.asInt()));
        return new Answer(result.path("gen").asLong(0), !result.has("full") || result.path("full").asBoolean(), list, removed);
    }

    /**
     * The row as the object format would have sent it, so that {@code ProcessInfo.json()} is the same
     * whichever format the kernel used: numbers copied as they came (or the column's default when
     * the row ended before it), names and states looked up, the noreap flag as a boolean and the
     * depth added, members in the object format's order. {@code at[k]} is the column of the object
     * format's k-th member (-1: not sent).
     */
    private static ObjectNode asObject(int[] at, JsonNode defaults, int required, JsonNode row, int depth,
                                       String program, String state) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (int k = 0; k < OBJECT_ORDER.size(); k++) {
            String name = OBJECT_ORDER.get(k);
            int i = at[k];
            switch (name) {
                case "depth" -> o.put(name, depth);
                case "program" -> o.put(name, program);
                case "state" -> o.put(name, state);
                default -> {
                    if (i < 0) {
                        continue;
                    }
                    JsonNode cell = i < row.size() ? row.get(i) : i >= required ? defaults.path(i - required) : NullNode.instance;
                    if (cell.isMissingNode()) {
                        cell = NullNode.instance;
                    }
                    if (name.equals("noreap")) {
                        o.put(name, cell.asInt() != 0);
                    } else {
                        o.set(name, cell);
                    }
                }
            }
        }
        return o;
    }

    /** The members of a process in the object format, in its order. */
    private static final List<String> OBJECT_ORDER = List.of("pid", "ppid", "cid", "depth", "program", "state", "code",
            "noreap", "handles", "pages", "cpu_us", "nice", "weight");
}
