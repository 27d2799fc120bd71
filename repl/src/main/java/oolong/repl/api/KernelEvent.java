package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;

/** Something the kernel pushed: a process exit, a panic, a scheduler fallback... */
public record KernelEvent(String kind, JsonNode data, long receivedAtMillis) {
    @Override
    public String toString() {
        return kind + " " + data;
    }
}
