package oolong.kernel.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import oolong.kernel.core.SimulatedKernel;

/**
 * A host talking to the agent of a {@link SimulatedKernel} with every operation installed, as the
 * kernel's entry point installs them; its answers are read with Jackson, not the kernel's own JSON.
 */
public final class AgentSession implements ChannelCounters {
    static final ObjectMapper JSON = new ObjectMapper();

    public final SimulatedKernel kernel;
    public final Agent agent;
    private final List<String> sent = new ArrayList<>();
    private long nextId = 1;

    public AgentSession(SimulatedKernel kernel) {
        this.kernel = kernel;
        this.agent = new Agent((data, length) -> sent.add(new String(data, 0, length, StandardCharsets.UTF_8)));
        AgentOperations.install(agent, oolong.kernel.Version.NAME, kernel.platform, this, kernel.loop, kernel.machine);
    }

    /** Events pushed so far (lines without an id), oldest first. */
    public final List<JsonNode> events = new ArrayList<>();

    /** Sends a request (its id is added) and returns the one answer it got at once; events go to {@link #events}. */
    public JsonNode call(String op, String fields) {
        List<JsonNode> answers = new ArrayList<>();
        for (JsonNode line : send(op, fields)) {
            (line.has("id") ? answers : events).add(line);
        }
        assertEquals(1, answers.size(), "one answer to " + op + " " + fields + ": " + answers);
        return answers.get(0);
    }

    /** The result of a request that must succeed. */
    public JsonNode result(String op, String fields) {
        JsonNode r = call(op, fields);
        assertEquals(true, r.path("ok").asBoolean(), op + " " + fields + " failed: " + r);
        return r.get("result");
    }

    /** The error code of a request that must fail. */
    public String error(String op, String fields) {
        JsonNode r = call(op, fields);
        assertEquals(false, r.path("ok").asBoolean(true), op + " " + fields + " should fail: " + r);
        return r.path("error").path("code").asText();
    }

    /** Sends a request and returns every line sent until it returned (a deferred request: none). */
    public List<JsonNode> send(String op, String fields) {
        sent.clear();
        String line = "{\"id\":" + (nextId++) + ",\"op\":\"" + op + "\"" + (fields.isEmpty() ? "" : "," + fields) + "}\n";
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        agent.received(b, b.length);
        return taken();
    }

    /** The id the last request was sent with. */
    public long lastId() {
        return nextId - 1;
    }

    /** Lines sent since the last call (answers to deferred requests, events). */
    public List<JsonNode> taken() {
        List<JsonNode> out = new ArrayList<>();
        for (String s : sent) {
            try {
                out.add(JSON.readTree(s));
            } catch (IOException e) {
                throw new UncheckedIOException("the agent sent a line that is not JSON: " + s, e);
            }
        }
        sent.clear();
        return out;
    }

    @Override
    public long bytesIn() {
        return 100;
    }

    @Override
    public long bytesOut() {
        return 200;
    }

    @Override
    public long bytesDropped() {
        return 0;
    }
}
