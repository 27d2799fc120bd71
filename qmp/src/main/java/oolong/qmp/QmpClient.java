package oolong.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An asynchronous QMP client (QEMU's machine protocol) over a Unix socket: reads the greeting,
 * negotiates capabilities, sends commands with ids and matches responses to futures, and hands
 * asynchronous events to listeners and waiters. Any thread may call it. When QEMU goes away,
 * every pending call fails at once with {@link QmpClosedException}.
 */
public final class QmpClient implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final ObjectMapper json = new ObjectMapper();
    private final SocketChannel channel;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final List<Consumer<QmpEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private final Object writeLock = new Object();
    private final Thread reader;
    private final CompletableFuture<JsonNode> greeting = new CompletableFuture<>();
    private final AtomicLong malformedLines = new AtomicLong();
    private volatile String closedBecause;

    private record Waiter(Predicate<QmpEvent> test, CompletableFuture<QmpEvent> future) {
    }

    private QmpClient(SocketChannel channel) {
        this.channel = channel;
        reader = new Thread(this::readLoop, "qmp-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Connects, waits for the greeting and negotiates capabilities, all within the timeout.
     * Retries the connection until then (QEMU creates the socket as it starts).
     */
    public static QmpClient connect(Path socket, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SocketChannel ch = null;
        while (ch == null) {
            try {
                SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                c.connect(UnixDomainSocketAddress.of(socket));
                ch = c;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("cannot connect to QMP at " + socket + ": " + e.getMessage(), e);
                }
                sleep(10);
            }
        }
        QmpClient client = new QmpClient(ch);
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

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
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
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        if (closedBecause != null) {
            f.completeExceptionally(new QmpClosedException(closedBecause));
            return f;
        }
        String id = "oolong-" + nextId.getAndIncrement();
        ObjectNode msg = json.createObjectNode();
        msg.put("execute", command);
        if (arguments != null && !arguments.isEmpty()) {
            msg.set("arguments", json.valueToTree(arguments));
        }
        msg.put("id", id);
        pending.put(id, f);
        try {
            byte[] line = (json.writeValueAsString(msg) + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (writeLock) {
                ByteBuffer b = ByteBuffer.wrap(line);
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            }
        } catch (IOException e) {
            pending.remove(id);
            f.completeExceptionally(new QmpClosedException("cannot send to QEMU: " + e.getMessage()));
        }
        if (closedBecause != null && pending.remove(id) != null) {
            f.completeExceptionally(new QmpClosedException(closedBecause));
        }
        return f;
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

    public void removeEventListener(Consumer<QmpEvent> listener) {
        listeners.remove(listener);
    }

    /** A future of the next event matching the predicate (register it before causing the event). */
    public CompletableFuture<QmpEvent> nextEvent(Predicate<QmpEvent> test) {
        CompletableFuture<QmpEvent> f = new CompletableFuture<>();
        if (closedBecause != null) {
            f.completeExceptionally(new QmpClosedException(closedBecause));
            return f;
        }
        waiters.add(new Waiter(test, f));
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
        return malformedLines.get();
    }

    public boolean connected() {
        return closedBecause == null;
    }

    private void readLoop() {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        CharBuffer chars = CharBuffer.allocate(1 << 16);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        StringBuilder partial = new StringBuilder();
        try {
            while (true) {
                int n = channel.read(buf);
                if (n < 0) {
                    fail("QEMU closed the QMP connection (the VM has ended)");
                    return;
                }
                buf.flip();
                utf8.decode(buf, chars, false);
                buf.compact();
                chars.flip();
                partial.append(chars);
                chars.clear();
                int nl;
                while ((nl = partial.indexOf("\n")) >= 0) {
                    String line = partial.substring(0, nl).trim();
                    partial.delete(0, nl + 1);
                    if (!line.isEmpty()) {
                        dispatch(line);
                    }
                }
            }
        } catch (IOException e) {
            fail(closedBecause != null ? closedBecause : "QMP connection lost: " + e.getMessage());
        }
    }

    private void dispatch(String line) {
        JsonNode msg;
        try {
            msg = json.readTree(line);
        } catch (IOException e) {
            malformedLines.incrementAndGet();
            return;
        }
        if (msg == null || !msg.isObject()) {
            malformedLines.incrementAndGet();
            return;
        }
        if (msg.has("QMP")) {
            greeting.complete(msg);
            return;
        }
        if (msg.has("event")) {
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
            return;
        }
        JsonNode id = msg.get("id");
        CompletableFuture<JsonNode> f = id == null ? null : pending.remove(id.asText());
        if (f == null) {
            return;
        }
        if (msg.has("error")) {
            f.completeExceptionally(new QmpException(msg.path("error").path("class").asText("GenericError"),
                    msg.path("error").path("desc").asText("")));
        } else {
            f.complete(msg.get("return"));
        }
    }

    private void fail(String reason) {
        if (closedBecause == null) {
            closedBecause = reason;
        }
        QmpClosedException e = new QmpClosedException(closedBecause);
        greeting.completeExceptionally(e);
        for (String id : new ArrayList<>(pending.keySet())) {
            CompletableFuture<JsonNode> f = pending.remove(id);
            if (f != null) {
                f.completeExceptionally(e);
            }
        }
        for (Waiter w : waiters) {
            w.future().completeExceptionally(e);
        }
        waiters.clear();
    }

    @Override
    public void close() {
        if (closedBecause == null) {
            closedBecause = "closed by the client";
        }
        try {
            channel.close();
        } catch (IOException e) {
            /* closing anyway */
        }
        fail(closedBecause);
    }
}
