package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;
import oolong.api.Errno;

/**
 * What a puppet answered to one command ({@code p.command("getpid")}, or a ...Async variant's
 * future): the system call's report, the puppet's death instead of a report, or the kernel's
 * error about the report. Prints as one line ({@code puppet 5 read 3 16: ret 5 "hello"});
 * {@code json()} is the agent's answer as it came, {@code path(name)} one of its fields.
 *
 * <pre>
 *   {"pid":5,"result":{"ret":5,"data":"hello"}}   a report: ret() 5, data() "hello"
 *   {"pid":6,"exited":true,"code":7}             the puppet died first: exited(), code() 7
 *   {"pid":5,"error":"..."}                      the report was not a JSON object: error()
 * </pre>
 */
public record PuppetReply(int pid, String command, JsonNode json) {

    /** True when the puppet died (exit, kill, fault) before it reported. */
    public boolean exited() {
        return json.path("exited").asBoolean(false);
    }

    /** The exit code the kernel recorded when the puppet {@link #exited}; 0 otherwise. */
    public long code() {
        return json.path("code").asLong();
    }

    /** The kernel's complaint about the report, or null. */
    public String error() {
        return json.has("error") ? json.path("error").asText() : null;
    }

    /** The puppet's report (an object with {@code ret} and, for some commands, more fields); missing when there is none. */
    public JsonNode result() {
        return json.path("result");
    }

    /** Whether the puppet reported a return value. */
    public boolean hasRet() {
        return result().has("ret");
    }

    /** The system call's return value (-errno on failure); fails when the puppet died or reported nothing. */
    public long ret() {
        if (exited()) {
            throw new IllegalStateException("puppet " + pid + " died with code " + code() + " during '" + command + "'");
        }
        if (error() != null) {
            throw new IllegalStateException("puppet " + pid + ": " + error());
        }
        return result().path("ret").asLong();
    }

    /** The bytes a read returned, as text; null for other commands or a failed read. */
    public String data() {
        return result().has("data") ? result().path("data").asText() : null;
    }

    /** A field of the agent's answer, as JSON (missing fields give a missing node, as JsonNode.path does). */
    public JsonNode path(String field) {
        return json.path(field);
    }

    @Override
    public String toString() {
        String head = "puppet " + pid + " " + command + ": ";
        if (exited()) {
            return head + "exited with code " + code();
        }
        if (error() != null) {
            return head + "error: " + error();
        }
        if (!hasRet()) {
            return head + result();
        }
        long r = result().path("ret").asLong();
        StringBuilder s = new StringBuilder(head).append("ret ").append(r);
        if (r < 0 && returnsErrno()) {
            s.append(" (").append(Errno.name(r)).append(')');
        }
        result().fields().forEachRemaining(f -> {
            if (!f.getKey().equals("ret")) {
                s.append(' ').append(f.getKey()).append(' ')
                        .append(f.getValue().isTextual() ? quote(f.getValue().asText()) : f.getValue().toString());
            }
        });
        return s.toString();
    }

    /** Whether a negative ret is -errno: await returns an exit code and touch a memory value, which may be negative. */
    private boolean returnsErrno() {
        return !(command.startsWith("await") || command.startsWith("touch"));
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
