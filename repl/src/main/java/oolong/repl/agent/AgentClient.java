package oolong.repl.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The host side of the kernel agent's JSON-lines protocol (docs/agent-protocol.md), over the
 * Unix socket QEMU binds to the virtio-serial port. Requests carry ids and may be issued from any
 * thread; a reader thread matches responses to their futures and hands events (lines without an
 * id) to listeners and to a queue. When the connection ends, every pending call fails at once.
 */
public final class AgentClient implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final ObjectMapper json = new ObjectMapper();
    private final SocketChannel channel;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<JsonNode> events = new LinkedBlockingQueue<>(10_000);
    private final Thread reader;
    private final Object writeLock = new Object();
    private final List<Consumer<String>> closeListeners = new CopyOnWriteArrayList<>();
    private volatile String closedBecause;

    private AgentClient(SocketChannel channel) {
        this.channel = channel;
        this.reader = new Thread(this::readLoop, "oolong-agent-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects to the agent socket, retrying until the deadline (QEMU creates it when it starts). */
    public static AgentClient connect(Path socket, Duration deadline) throws IOException {
        long end = System.nanoTime() + deadline.toNanos();
        IOException last = null;
        while (System.nanoTime() < end) {
            try {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(UnixDomainSocketAddress.of(socket));
                return new AgentClient(ch);
            } catch (IOException e) {
                last = e;
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while connecting to the agent", ie);
                }
            }
        }
        throw new IOException("cannot connect to the kernel agent at " + socket + ": "
                + (last == null ? "timed out" : last.getMessage()), last);
    }

    /**
     * Sends a request; the future completes with the result, or fails with {@link AgentException}.
     * The arguments may not be named "id" or "op": those belong to the protocol (an argument "id"
     * would replace the request's id, and its answer could never be matched).
     */
    public CompletableFuture<JsonNode> send(String op, Map<String, ?> args) {
        if (args.containsKey("id") || args.containsKey("op")) {
            throw new IllegalArgumentException("'id' and 'op' are reserved by the agent protocol and cannot be arguments");
        }
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        String reason = closedBecause;
        if (reason != null) {
            f.completeExceptionally(new IOException("agent connection closed: " + reason));
            return f;
        }
        long id = nextId.getAndIncrement();
        ObjectNode req = json.createObjectNode();
        req.put("id", id);
        req.put("op", op);
        for (Map.Entry<String, ?> e : args.entrySet()) {
            req.set(e.getKey(), json.valueToTree(e.getValue()));
        }
        pending.put(id, f);
        try {
            byte[] line = (json.writeValueAsString(req) + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (writeLock) {
                ByteBuffer b = ByteBuffer.wrap(line);
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            }
        } catch (IOException e) {
            pending.remove(id);
            f.completeExceptionally(new IOException("cannot send to the agent: " + e.getMessage(), e));
        }
        return f;
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
     * it broke, or {@link #close} was called); at once if it has ended already.
     */
    public void onClose(Consumer<String> listener) {
        closeListeners.add(listener);
        String reason = closedBecause;
        if (reason != null && closeListeners.remove(listener)) {
            listener.accept(reason);
        }
    }

    public boolean connected() {
        return closedBecause == null;
    }

    private void readLoop() {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        StringBuilder partial = new StringBuilder();
        java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(1 << 16);
        try {
            while (true) {
                int n = channel.read(buf);
                if (n < 0) {
                    fail("the agent connection closed: the machine has ended or its agent stopped"
                            + " (/reboot starts a fresh machine)");
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
                    String line = partial.substring(0, nl);
                    partial.delete(0, nl + 1);
                    dispatch(line);
                }
            }
        } catch (IOException e) {
            fail(closedBecause != null ? closedBecause : "agent connection lost: " + e.getMessage());
        }
    }

    private void dispatch(String line) {
        JsonNode msg;
        try {
            msg = json.readTree(line);
        } catch (IOException e) {
            return;     /* not ours to crash on: the kernel only sends JSON */
        }
        if (msg.has("event")) {
            if (!events.offer(msg)) {
                events.poll();
                events.offer(msg);
            }
            for (Consumer<JsonNode> l : listeners) {
                l.accept(msg);
            }
            return;
        }
        JsonNode id = msg.get("id");
        if (id == null || !id.canConvertToLong()) {
            return;     /* an error about a frame we did not send (no usable id) */
        }
        CompletableFuture<JsonNode> f = pending.remove(id.asLong());
        if (f == null) {
            return;
        }
        if (msg.path("ok").asBoolean(false)) {
            f.complete(msg.get("result"));
        } else {
            JsonNode err = msg.path("error");
            f.completeExceptionally(new AgentException(err.path("code").asText("EUNKNOWN"), err.path("message").asText("")));
        }
    }

    /** Fails every pending call at once (e.g. the kernel panicked and will not answer). */
    public void failAll(String reason) {
        IOException e = new IOException(reason);
        for (Long id : new ArrayList<>(pending.keySet())) {
            CompletableFuture<JsonNode> f = pending.remove(id);
            if (f != null) {
                f.completeExceptionally(e);
            }
        }
    }

    private void fail(String reason) {
        closedBecause = reason;
        IOException e = new IOException(reason);
        for (Long id : new ArrayList<>(pending.keySet())) {
            CompletableFuture<JsonNode> f = pending.remove(id);
            if (f != null) {
                f.completeExceptionally(e);
            }
        }
        for (Consumer<String> l : closeListeners) {
            if (closeListeners.remove(l)) {
                l.accept(reason);
            }
        }
    }

    @Override
    public void close() {
        if (closedBecause == null) {
            closedBecause = "closed by the REPL";
        }
        try {
            channel.close();
        } catch (IOException e) {
            /* closing anyway */
        }
        fail(closedBecause);
    }
}
