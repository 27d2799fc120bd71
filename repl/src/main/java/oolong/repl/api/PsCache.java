package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last process tree the kernel sent, kept so that {@code k.ps()} asks only for what changed
 * since ({@code "since":G}, docs/agent-protocol.md) and still returns the whole tree. An
 * incremental answer's rows replace or add processes and its {@code removed} pids leave; the tree
 * order is then rebuilt from the parents: the kernel's pre-order from init, a process's children
 * newest first, which is highest pid first (a child is linked first under its parent when it is
 * created, pids only grow, and a process never changes parent). A full answer replaces the copy.
 */
final class PsCache {
    private final Map<Integer, ProcessInfo> byPid = new HashMap<>();
    private List<ProcessInfo> order = List.of();
    private long generation;

    /** The generation to ask from (0: nothing kept, ask for the whole tree). */
    long generation() {
        return generation;
    }

    void forget() {
        byPid.clear();
        order = List.of();
        generation = 0;
    }

    /** Depth of a kept process, -1 when not kept. */
    int depth(int pid) {
        ProcessInfo p = byPid.get(pid);
        return p == null ? -1 : p.depth();
    }

    /**
     * Merges an answer; returns the whole tree in order, or null when the answer does not fit the
     * copy (a row whose parent is unknown): then the caller asks for the whole tree.
     */
    List<ProcessInfo> apply(PsRows.Answer answer) {
        if (answer.full()) {
            byPid.clear();
            for (ProcessInfo p : answer.rows()) {
                byPid.put(p.pid(), p);
            }
            order = answer.rows();
            generation = answer.generation();
            return order;
        }
        boolean sameProcesses = true;
        for (int pid : answer.removed()) {
            sameProcesses &= byPid.remove(pid) == null;
        }
        for (ProcessInfo p : answer.rows()) {
            if (p.depth() < 0) {
                return null;
            }
            sameProcesses &= byPid.put(p.pid(), p) != null;
        }
        List<ProcessInfo> next = new ArrayList<>(byPid.size());
        if (sameProcesses) {
            for (ProcessInfo old : order) {
                next.add(byPid.get(old.pid()));
            }
        } else if (!preOrder(next)) {
            return null;
        }
        order = next;
        generation = answer.generation();
        return order;
    }

    /** The kept processes in the kernel's pre-order; false when some are not reachable from a root. */
    private boolean preOrder(List<ProcessInfo> into) {
        Map<Integer, List<ProcessInfo>> children = new HashMap<>();
        List<ProcessInfo> roots = new ArrayList<>();
        for (ProcessInfo p : byPid.values()) {
            if (p.ppid() == 0) {
                roots.add(p);
            } else {
                children.computeIfAbsent(p.ppid(), k -> new ArrayList<>()).add(p);
            }
        }
        Comparator<ProcessInfo> newestFirst = Comparator.comparingInt(ProcessInfo::pid).reversed();
        roots.sort(Comparator.comparingInt(ProcessInfo::pid));
        ArrayList<ProcessInfo> stack = new ArrayList<>();
        for (int i = roots.size() - 1; i >= 0; i--) {
            stack.add(roots.get(i));
        }
        while (!stack.isEmpty()) {
            ProcessInfo p = stack.remove(stack.size() - 1);
            into.add(p);
            List<ProcessInfo> kids = children.get(p.pid());
            if (kids != null) {
                kids.sort(newestFirst);
                for (int i = kids.size() - 1; i >= 0; i--) {
                    stack.add(kids.get(i));
                }
            }
        }
        return into.size() == byPid.size();
    }

    /** A tree as the object format would send it (what a k.ps() merged from an incremental answer gives as json()). */
    static JsonNode json(List<ProcessInfo> tree) {
        var root = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        var processes = root.putArray("processes");
        for (ProcessInfo p : tree) {
            processes.add(p.json());
        }
        return root;
    }
}
