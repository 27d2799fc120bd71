package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.nio.file.Path;
import oolong.repl.view.Table;
import oolong.repl.view.Text;
import oolong.repl.view.TreeLines;

/**
 * The process tree as {@code k.ps()} returns it: a list of {@link ProcessInfo} in tree order
 * (pre-order, like the seed's walk), printed as an indented tree with states.
 */
public final class ProcessTree extends AbstractList<ProcessInfo> {
    private final List<ProcessInfo> processes;
    private final Supplier<JsonNode> json;

    ProcessTree(List<ProcessInfo> processes, JsonNode json) {
        this(processes, () -> json);
    }

    /** A tree whose JSON is made when asked for (a tree merged from an incremental ps). */
    ProcessTree(List<ProcessInfo> processes, Supplier<JsonNode> json) {
        this.processes = List.copyOf(processes);
        JsonNode[] made = new JsonNode[1];
        this.json = () -> {
            synchronized (made) {
                if (made[0] == null) {
                    made[0] = json.get();
                }
                return made[0];
            }
        };
    }

    static ProcessTree from(JsonNode result) {
        if (result.has("rows")) {
            return new ProcessTree(PsRows.parse(result), result);
        }
        List<ProcessInfo> list = new ArrayList<>();
        for (JsonNode n : result.path("processes")) {
            list.add(ProcessInfo.from(n));
        }
        return new ProcessTree(list, result);
    }

    /**
     * The kernel's {@code ps} answer as it came; for a tree merged from an incremental answer, the
     * whole tree in the object format ({@code {"processes":[...]}}).
     */
    public JsonNode json() {
        return json.get();
    }

    @Override
    public ProcessInfo get(int index) {
        return processes.get(index);
    }

    @Override
    public int size() {
        return processes.size();
    }

    public Optional<ProcessInfo> pid(int pid) {
        return processes.stream().filter(p -> p.pid() == pid).findFirst();
    }

    /** The children of a process, newest first (the seed's order). */
    public List<ProcessInfo> children(int pid) {
        return processes.stream().filter(p -> p.ppid() == pid && p.pid() != pid).toList();
    }

    public List<ProcessInfo> inState(String state) {
        return processes.stream().filter(p -> p.state().equals(state)).toList();
    }

    /**
     * How another process list differs from this one, ignoring CPU time (which moves on its own):
     * pid, parent, child id, program, state, exit code, NOREAP, handles and resident pages. Empty
     * when the two lists describe the same tree (for example before a snapshot and after its restore).
     */
    public List<String> differences(ProcessTree other) {
        List<String> diffs = new ArrayList<>();
        for (ProcessInfo a : processes) {
            Optional<ProcessInfo> b = other.pid(a.pid());
            if (b.isEmpty()) {
                diffs.add("pid " + a.pid() + " (" + a.program() + ") is gone");
            } else if (!shape(a).equals(shape(b.get()))) {
                diffs.add("pid " + a.pid() + ": " + shape(a) + " -> " + shape(b.get()));
            }
        }
        for (ProcessInfo b : other.processes) {
            if (pid(b.pid()).isEmpty()) {
                diffs.add("pid " + b.pid() + " (" + b.program() + ") is new");
            }
        }
        if (diffs.isEmpty() && !other.processes.stream().map(ProcessInfo::pid).toList()
                .equals(processes.stream().map(ProcessInfo::pid).toList())) {
            diffs.add("the same processes in a different tree order");
        }
        return diffs;
    }

    /** Whether another list describes the same tree (see {@link #differences}). */
    public boolean sameAs(ProcessTree other) {
        return differences(other).isEmpty();
    }

    private static String shape(ProcessInfo p) {
        return p.program() + " " + p.state() + (p.code() == null ? "" : " code " + p.code()) + " parent " + p.ppid()
                + " cid " + p.cid() + (p.noreap() ? " noreap" : "") + " handles " + p.handles() + " pages " + p.pages();
    }

    /**
     * The tree as a table, like {@code ps f}: pid, state, exit code, CPU time, handles and pages in
     * columns that keep their places (the pid column holds 5 digits before it widens), then the
     * program, drawn into the tree with pstree's connectors.
     */
    @Override
    public String toString() {
        return toString(Text.unicode());
    }

    /** The same with box-drawing connectors (true) or ASCII ones (false). */
    public String toString(boolean unicode) {
        int[] depths = processes.stream().mapToInt(ProcessInfo::depth).toArray();
        String[] tree = TreeLines.prefixes(depths, unicode);
        Table t = new Table().column("PID", Table.Align.RIGHT, 5).column("STATE", Table.Align.LEFT, 16)
                .column("CODE", Table.Align.RIGHT, 4).column("CPU ms", Table.Align.RIGHT, 6)
                .column("HND", Table.Align.RIGHT, 3).column("PAGES", Table.Align.RIGHT, 5).left("PROGRAM");
        for (int i = 0; i < processes.size(); i++) {
            ProcessInfo p = processes.get(i);
            t.row(p.pid(), p.state(), p.code(), p.cpuMicros() / 1000, p.handles(), p.pages(),
                    tree[i] + p.program() + (p.noreap() ? " [noreap]" : ""));
        }
        return t.toString();
    }

    /** Draws the tree as an SVG picture, each process coloured by its state; returns the file. */
    public Path svg(Path file) {
        return Svg.write(file, ProcessTreeSvg.render(this));
    }

    /** The same, for a file name given as text: {@code k.ps().svg("/tmp/ps.svg")}. */
    public Path svg(String file) {
        return svg(Path.of(file));
    }
}
