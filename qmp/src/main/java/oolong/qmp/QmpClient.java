package oolong.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import oolong.qmp.transport.JsonLinesTransport;
import oolong.qmp.transport.Peer;

/**
 * An asynchronous QMP client (QEMU's machine protocol): reads the greeting, negotiates
 * capabilities, sends commands and turns their answers into results or {@link QmpException}s,
 * and hands asynchronous events to listeners and waiters. The connection itself (the socket,
 * ids, the reader and writer, failing everything when QEMU goes away) is a
 * {@link JsonLinesTransport}'s. Any thread may call it. When QEMU goes away, every pending call
 * fails at once with {@link QmpClosedException}.
 */
public final class QmpClient implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    static final Peer PEER = new Peer("QMP", "QMP connection", "QEMU closed the QMP connection (the VM has ended)",
            "closed by the client", QmpClosedException::new);

    private final ObjectMapper json = new ObjectMapper();
    private final List<Consumer<QmpEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private final CompletableFuture<JsonNode> greeting = new CompletableFuture<>();
    private JsonLinesTransport transport;

    private record Waiter(Predicate<QmpEvent> test, CompletableFuture<QmpEvent> future) {
    }

    private QmpClient() {
    }

    /**
     * Connects, waits for the greeting and negotiates capabilities, all within the timeout.
     * Retries the connection until then (QEMU creates the socket as it starts).
     */
    public static QmpClient connect(Path socket, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        QmpClient client = new QmpClient();
        client.transport = JsonLinesTransport.connect(socket, timeout, PEER, "qmp", client::inbound);
        client.transport.onClose(client::ended);
        try {
            client.greeting.get(remaining(deadline), TimeUnit.NANOSECONDS);
            client.call("qmp_capabilities", Map.of(), Duration.ofNanos(Math.max(1, remaining(deadline))));
            return client;
        } catch (TimeoutException e) {
            client.close();
            throw new IOException("QEMU sent no QMP greeting within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            client.close();
            throw new IOException("QMP handshake failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.close();
            throw new IOException("interrupted during the QMP handshake");
        } catch (RuntimeException e) {
            client.close();
            throw new IOException("QMP handshake failed: " + e.getMessage(), e);
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** The greeting's QEMU version, e.g. "7.2.22". */
    public String qemuVersion() {
        JsonNode v = greeting.getNow(null);
        if (v == null) {
            return "?";
        }
        JsonNode q = v.path("QMP").path("version").path("qemu");
        return q.path("major").asInt() + "." + q.path("minor").asInt() + "." + q.path("micro").asInt();
    }

    public JsonNode greetingCapabilities() {
        JsonNode v = greeting.getNow(null);
        return v == null ? null : v.path("QMP").path("capabilities");
    }

    /** Sends a command; the future completes with its "return" value or fails with {@link QmpException}. */
    public CompletableFuture<JsonNode> execute(String command, Map<String, ?> arguments) {
        ObjectNode msg = json.createObjectNode();
        msg.put("execute", command);
        if (arguments != null && !arguments.isEmpty()) {
            msg.set("arguments", json.valueToTree(arguments));
        }
        return transport.call(msg, QmpClient::result);
    }

    /** A command's answer: its "return" value, or its error as a {@link QmpException}. */
    private static JsonNode result(JsonNode answer) {
        if (answer.has("error")) {
            throw new QmpException(answer.path("error").path("class").asText("GenericError"),
                    answer.path("error").path("desc").asText(""));
        }
        return answer.get("return");
    }

    /** Sends a command and waits for its result, at most the timeout. */
    public JsonNode call(String command, Map<String, ?> arguments, Duration timeout) {
        CompletableFuture<JsonNode> f = execute(command, arguments);
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(false);
            throw new IllegalStateException("QEMU did not answer " + command + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof QmpException q) {
                throw new QmpException(q.errorClass(), q.description());
            }
            throw new IllegalStateException(c.getMessage(), c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(false);
            throw new IllegalStateException("interrupted while waiting for " + command);
        }
    }

    public JsonNode call(String command, Map<String, ?> arguments) {
        return call(command, arguments, DEFAULT_TIMEOUT);
    }

    public JsonNode call(String command) {
        return call(command, Map.of(), DEFAULT_TIMEOUT);
    }

    public void addEventListener(Consumer<QmpEvent> listener) {
        listeners.add(listener);
    }

    /** A future of the next event matching the predicate (register it before causing the event). */
    public CompletableFuture<QmpEvent> nextEvent(Predicate<QmpEvent> test) {
        CompletableFuture<QmpEvent> f = new CompletableFuture<>();
        waiters.add(new Waiter(test, f));
        /* the same race as a call's: an end between the add and here is noticed here */
        String reason = transport.closedBecause();
        if (reason != null) {
            failWaiters(reason);
        }
        return f;
    }

    /** Waits for an event with the given name. */
    public QmpEvent awaitEvent(CompletableFuture<QmpEvent> future, Duration timeout) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no matching QMP event within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an event");
        }
    }

    /** Lines from QEMU that were not JSON objects (they are skipped). */
    public long malformedLines() {
        return transport.malformedLines();
    }

    public boolean connected() {
        return transport.connected();
    }

    /** Everything from QEMU that answers no call: the greeting and events (on the transport's reader thread). */
    private void inbound(ObjectNode msg) {
        if (msg.has("QMP")) {
            greeting.complete(msg);
            return;
        }
        if (!msg.has("event")) {
            return;     /* an answer to a call given up on */
        }
        QmpEvent e = new QmpEvent(msg.path("event").asText(), msg.get("data"),
                msg.path("timestamp").path("seconds").asLong(), msg.path("timestamp").path("microseconds").asLong());
        for (Consumer<QmpEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ignored) {
                /* a listener's bug must not stop the reader */
            }
        }
        for (Waiter w : waiters) {
            if (w.test().test(e) && w.future().complete(e)) {
                waiters.remove(w);
            }
        }
    }

    /** The connection ended: nothing more will come. */
    private void ended(String reason) {
        greeting.completeExceptionally(new QmpClosedException(reason));
        failWaiters(reason);
    }

    private void failWaiters(String reason) {
        QmpClosedException e = new QmpClosedException(reason);
        for (Waiter w : waiters) {
            if (waiters.remove(w)) {
                w.future().completeExceptionally(e);
            }
        }
    }

    @Override
    public void close() {
        transport.close();
    }
}
