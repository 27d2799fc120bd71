package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oolong.api.ExitCodes;
import java.util.function.Supplier;
import oolong.repl.agent.AgentClient;

/**
 * The live kernel, as REPL snippets see it ({@code k}). Every call is one request to the kernel's
 * agent; results are records that print readably and keep the raw JSON ({@code json()}).
 */
public final class Kernel {
    private final Supplier<AgentClient> agents;
    private final List<KernelEvent> events = new ArrayList<>();
    private AgentClient listening;

    /** The agent connection is looked up on each call: it changes when the machine is rebooted or restored. */
    public Kernel(Supplier<AgentClient> agents) {
        this.agents = agents;
    }

    public AgentClient agent() {
        AgentClient a = agents.get();
        if (a != listening) {
            listening = a;
            a.addEventListener(e -> {
                synchronized (events) {
                    events.add(new KernelEvent(e.path("event").asText(), e, System.currentTimeMillis()));
                }
            });
        }
        return a;
    }

    JsonNode call(String op, Object... keyValues) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            args.put((String) keyValues[i], keyValues[i + 1]);
        }
        return agent().call(op, args);
    }

    /** Round trip to the agent; returns the time it took in microseconds. */
    public long ping() {
        long t0 = System.nanoTime();
        call("ping");
        return (System.nanoTime() - t0) / 1000;
    }

    public ProcessTree ps() {
        return ProcessTree.from(call("ps"));
    }

    public JsonNode proc(int pid) {
        return call("proc", "pid", pid);
    }

    /** Kills a process as the kernel's kill does (the seed's semantics), with exit code -1. */
    public ProcessInfo kill(int pid) {
        return kill(pid, ExitCodes.FILICIDE);
    }

    public ProcessInfo kill(int pid, long code) {
        return ProcessInfo.from(call("kill", "pid", pid, "code", code));
    }

    /** Kills every descendant of a process, deepest first; returns the pids killed. */
    public List<Integer> filicide(int pid) {
        return filicide(pid, ExitCodes.FILICIDE);
    }

    public List<Integer> filicide(int pid, long code) {
        List<Integer> killed = new ArrayList<>();
        for (JsonNode n : call("filicide", "pid", pid, "code", code).path("killed")) {
            killed.add(n.asInt());
        }
        return killed;
    }

    public HandleTable handles(int pid) {
        return HandleTable.from(call("handles", "pid", pid));
    }

    public PageMap pages(int pid) {
        return PageMap.from(call("pages", "pid", pid));
    }

    /** Starts a program of the user image as a child of init; returns its pid. */
    public int spawn(String program, String... args) {
        return spawnUnder(1, program, args);
    }

    /** Starts a program as a child of the given process. */
    public int spawnUnder(int parent, String program, String... args) {
        return call("spawn", "program", program, "args", List.of(args), "parent", parent).path("pid").asInt();
    }

    /** A new puppet: a user process (child of init) that makes the system calls you ask for. */
    public Puppet puppet() {
        return new Puppet(this, spawn("puppet"));
    }

    /** A puppet object for an existing puppet process. */
    public Puppet puppet(int pid) {
        return new Puppet(this, pid);
    }

    /** The kernel's invariant check; a failed check fails a batch script. */
    public CheckReport check() {
        CheckReport r = CheckReport.from(call("check"));
        if (!r.ok()) {
            Oolong.checkFailed();
        }
        return r;
    }

    public JsonNode stats() {
        return call("stats");
    }

    /** Events pushed by the kernel since the last call. */
    public List<KernelEvent> events() {
        synchronized (events) {
            List<KernelEvent> out = List.copyOf(events);
            events.clear();
            return out;
        }
    }

    @Override
    public String toString() {
        try {
            return "kernel (agent " + (agent().connected() ? "connected" : "disconnected") + ")";
        } catch (RuntimeException e) {
            return "kernel (" + e.getMessage() + ")";
        }
    }
}
