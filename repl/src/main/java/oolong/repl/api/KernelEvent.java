package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Something the kernel pushed: a process exit, a panic, a scheduler swap or fallback. Prints as
 * one line of text ({@code exit: pid 6 (puppet) code 7}); {@code data} is the event as it came.
 * {@code reason} is a scheduler fallback's reason as the user reads it: the facade turns the
 * class-file lines of a policy typed into the REPL into the lines the user typed, as its notice
 * does (the kernel's own words stay in {@code data}), so that the event and the notice about
 * the same fallback name the same line.
 */
public record KernelEvent(String kind, JsonNode data, long receivedAtMillis, String reason) {
    /** An event whose reason is the kernel's, as it came. */
    public KernelEvent(String kind, JsonNode data, long receivedAtMillis) {
        this(kind, data, receivedAtMillis, data.path("reason").asText());
    }

    @Override
    public String toString() {
        return switch (kind) {
            case "exit" -> "exit: pid " + data.path("pid").asInt() + " (" + data.path("program").asText() + ") code "
                    + data.path("code").asLong();
            case "sched" -> "sched: " + (data.path("reason").asText().equals("installed")
                    ? data.path("from").asText() + " -> " + data.path("to").asText()
                    : data.path("from").asText() + " thrown out, back to " + data.path("to").asText() + " ("
                    + reason + ")") + (data.has("tick") ? " at tick " + data.path("tick").asLong() : "");
            case "panic" -> "panic: " + data.path("message").asText();
            default -> kind + " " + data;
        };
    }
}
