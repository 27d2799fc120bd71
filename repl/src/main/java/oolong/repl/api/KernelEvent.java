package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Something the kernel pushed: a process exit, a panic, a scheduler swap or fallback. Prints as
 * one line of text ({@code exit: pid 6 (puppet) code 7}); {@code data} is the event as it came.
 */
public record KernelEvent(String kind, JsonNode data, long receivedAtMillis) {
    @Override
    public String toString() {
        return switch (kind) {
            case "exit" -> "exit: pid " + data.path("pid").asInt() + " (" + data.path("program").asText() + ") code "
                    + data.path("code").asLong();
            case "sched" -> "sched: " + (data.path("reason").asText().equals("installed")
                    ? data.path("from").asText() + " -> " + data.path("to").asText()
                    : data.path("from").asText() + " thrown out, back to " + data.path("to").asText() + " ("
                    + data.path("reason").asText() + ")") + (data.has("tick") ? " at tick " + data.path("tick").asLong() : "");
            case "panic" -> "panic: " + data.path("message").asText();
            default -> kind + " " + data;
        };
    }
}
