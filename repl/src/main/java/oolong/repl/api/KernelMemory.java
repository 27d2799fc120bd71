package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the facade remembers of the kernel it talks to, for the pictures: the program each pid ran
 * (from {@code ps} answers and exit events, so a process that is gone keeps its name on the
 * timeline) and the policy swaps the kernel pushed. Forgotten when the machine is replaced.
 */
final class KernelMemory {
    private final Map<Integer, String> programs = new TreeMap<>();
    private final List<PolicySwap> swaps = new ArrayList<>();

    synchronized void forget() {
        programs.clear();
        swaps.clear();
    }

    synchronized void saw(java.util.Collection<ProcessInfo> processes) {
        for (ProcessInfo p : processes) {
            programs.put(p.pid(), p.program());
        }
    }

    /** An event from the kernel: an exit names its program, a sched event is a swap. */
    synchronized void saw(JsonNode event) {
        switch (event.path("event").asText()) {
            case "exit" -> programs.putIfAbsent(event.path("pid").asInt(), event.path("program").asText());
            case "sched" -> swaps.add(new PolicySwap(event.path("tick").asLong(-1), event.path("from").asText(),
                    event.path("to").asText(), event.path("reason").asText()));
            default -> { }
        }
    }

    synchronized Map<Integer, String> programs() {
        return Map.copyOf(programs);
    }

    synchronized List<PolicySwap> swaps() {
        return List.copyOf(swaps);
    }
}
