package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The process tree as {@code k.ps()} returns it: a list of {@link ProcessInfo} in tree order
 * (pre-order, like the seed's walk), printed as an indented tree with states.
 */
public final class ProcessTree extends AbstractList<ProcessInfo> {
    private final List<ProcessInfo> processes;

    ProcessTree(List<ProcessInfo> processes) {
        this.processes = List.copyOf(processes);
    }

    static ProcessTree from(JsonNode result) {
        if (result.has("rows")) {
            return new ProcessTree(PsRows.parse(result));
        }
        List<ProcessInfo> list = new ArrayList<>();
        for (JsonNode n : result.path("processes")) {
            list.add(ProcessInfo.from(n));
        }
        return new ProcessTree(list);
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

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-28s %-17s %6s %8s %4s %6s%n", "PID  PROGRAM", "STATE", "CODE", "CPU ms", "HND", "PAGES"));
        for (int i = 0; i < processes.size(); i++) {
            ProcessInfo p = processes.get(i);
            String indent = "  ".repeat(Math.max(0, p.depth()));
            String name = indent + p.pid() + "  " + p.program() + (p.noreap() ? " [noreap]" : "");
            sb.append(String.format("%-28s %-17s %6s %8d %4d %6d%n", name, p.state(),
                    p.code() == null ? "" : p.code().toString(), p.cpuMicros() / 1000, p.handles(), p.pages()));
        }
        return sb.toString().stripTrailing();
    }
}
