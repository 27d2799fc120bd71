package oolong.repl.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import oolong.qmp.transport.JsonLinesTransport;
import oolong.qmp.transport.Peer;

/**
 * The host side of the kernel agent's protocol (docs/agent-protocol.md), over the Unix socket
 * QEMU binds to the virtio-serial port. This class is the protocol's own part: requests are an
 * {@code op} and its arguments, answers are {@code ok} with a {@code result} or an {@code error}
 * with a code ({@link AgentException}), and events (lines without an id) go to listeners and to
 * a queue. The connection (ids, the reader and writer threads, failing every pending call at once
 * when it ends, calls racing that end) is the {@link JsonLinesTransport}'s, shared with QMP.
 */
public final class AgentClient implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The longest frame the kernel agent reads, in bytes before the newline (the kernel's
     * Agent.MAX_FRAME; docs/agent-protocol.md, "Framing"). A longer request is refused here,
     * before it is sent: the kernel would discard it and answer EFRAME with a null id, which no
     * call could be matched to, so the caller would only see a timeout.
     */
    public static final int MAX_FRAME_BYTES = 64 * 1024;

    /** The most events kept for {@link #drainEvents}; beyond it the oldest are dropped. */
    static final int EVENT_QUEUE = 10_000;

    static final Peer PEER = new Peer("the kernel agent", "agent connection",
            "the agent connection closed: the machine has ended or its agent stopped (/reboot starts a fresh machine)",
            "closed by the REPL");

    private final ObjectMapper json = new ObjectMapper();
    private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();
    private final List<java.util.function.BiConsumer<String, Map<String, ?>>> requestObservers = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<JsonNode> events = new LinkedBlockingQueue<>(EVENT_QUEUE);
    private JsonLinesTransport transport;

    private AgentClient() {
    }

    /** Connects to the agent socket, retrying until the deadline (QEMU creates it when it starts). */
    public static AgentClient connect(Path socket, Duration deadline) throws IOException {
        AgentClient client = new AgentClient();
        client.transport = JsonLinesTransport.connect(socket, deadline, PEER, "oolong-agent", client::inbound);
        client.transport.limitRequestBytes(MAX_FRAME_BYTES);
        return client;
    }

    /**
     * Sends a request; the future completes with the result, or fails with {@link AgentException}
     * (or with an {@link IllegalArgumentException}, unsent, when the request's line would be longer
     * than {@link #MAX_FRAME_BYTES}).
     * The arguments may not be named "id" or "op": those belong to the protocol (an argument "id"
     * would replace the request's id, and its answer could never be matched).
     */
    public CompletableFuture<JsonNode> send(String op, Map<String, ?> args) {
        if (args.containsKey("id") || args.containsKey("op")) {
            throw new IllegalArgumentException("'id' and 'op' are reserved by the agent protocol and cannot be arguments");
        }
        for (var observer : requestObservers) {
            observer.accept(op, args);
        }
        ObjectNode body = json.createObjectNode();
        body.put("op", op);
        for (Map.Entry<String, ?> e : args.entrySet()) {
            body.putPOJO(e.getKey(), e.getValue());     /* written out by the transport, as it sends */
        }
        return transport.call(body, AgentClient::result);
    }

    /** An answer's result, or its error as an {@link AgentException}. */
    private static JsonNode result(JsonNode answer) {
        if (answer.path("ok").asBoolean(false)) {
            return answer.get("result");
        }
        JsonNode err = answer.path("error");
        throw new AgentException(err.path("code").asText("EUNKNOWN"), err.path("message").asText(""));
    }

    /** Sends a request and waits for its result. */
    public JsonNode call(String op, Map<String, ?> args, Duration timeout) {
        CompletableFuture<JsonNode> f = send(op, args);
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(false);
            throw new IllegalStateException("the kernel agent did not answer '" + op + "' within " + timeout.toMillis()
                    + " ms (is the kernel stuck? try vm.status())");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AgentException ae) {
                throw new AgentException(ae.code(), ae.getMessage().substring(ae.code().length() + 2));
            }
            if (e.getCause() instanceof IllegalArgumentException bad) {
                throw new IllegalArgumentException("'" + op + "' was refused before sending: " + bad.getMessage(), bad);
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(false);
            throw new IllegalStateException("interrupted while waiting for '" + op + "'");
        }
    }

    public JsonNode call(String op, Map<String, ?> args) {
        return call(op, args, DEFAULT_TIMEOUT);
    }

    /**
     * Tells the observer of every request as it is sent (op and arguments), on the sending
     * thread: the REPL's state log learns from it which snippets built kernel state.
     */
    public void observeRequests(java.util.function.BiConsumer<String, Map<String, ?>> observer) {
        requestObservers.add(observer);
    }

    public void addEventListener(Consumer<JsonNode> listener) {
        listeners.add(listener);
    }

    /** Events received since the last call (oldest first). */
    public List<JsonNode> drainEvents() {
        List<JsonNode> out = new ArrayList<>();
        events.drainTo(out);
        return out;
    }

    /**
     * Runs the listener once, with the reason, when the connection ends (the kernel closed it,
     * it broke, or {@link #close} was called); at once if it has ended already. The session's
     * watch turns this into the "agent connection dropped" notice.
     */
    public void onClose(Consumer<String> listener) {
        transport.onClose(listener);
    }

    public boolean connected() {
        return transport.connected();
    }

    /** Lines from the kernel that were not JSON objects (skipped; the kernel sends none). */
    public long malformedLines() {
        return transport.malformedLines();
    }

    /** Fails every pending call at once (e.g. the kernel panicked and will not answer); the connection stays. */
    public void failAll(String reason) {
        transport.failPending(reason);
    }

    /** Everything that answers no call, on the transport's reader thread: events, and errors about frames we did not send. */
    private void inbound(ObjectNode msg) {
        if (!msg.has("event")) {
            return;     /* an error with "id":null, or an answer to a call given up on */
        }
        if (!events.offer(msg)) {
            events.poll();
            events.offer(msg);
        }
        for (Consumer<JsonNode> l : listeners) {
            try {
                l.accept(msg);
            } catch (RuntimeException e) {
                /* a listener's bug must not keep the others, or the reader, from going on */
            }
        }
    }

    @Override
    public void close() {
        transport.close();
    }
}
