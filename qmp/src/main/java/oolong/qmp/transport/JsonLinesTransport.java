package oolong.qmp.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One JSON-lines connection over a Unix socket, the transport under both host clients: QMP
 * (QEMU's machine protocol) and the kernel agent (docs/agent-protocol.md). Each message is a JSON
 * object on one line. The transport owns what the two protocols share:
 *
 * <ul>
 *   <li>connecting, retried until a deadline (QEMU creates its sockets as it starts);</li>
 *   <li>calls: each request gets a fresh numeric {@code id}; the answer carrying that id
 *       completes the call's future. Everything else that arrives (events, a greeting, answers
 *       nobody waits for) goes to the client's inbound handler, on the reader thread;</li>
 *   <li>a reader thread and a writer thread. Callers never touch the socket: a caller stopped or
 *       interrupted (Ctrl-C in the REPL) cannot leave half a frame behind or close the channel
 *       (an interrupted thread's channel I/O closes the channel), and a peer that stops reading
 *       delays no caller beyond its own timeout;</li>
 *   <li>the end: when the peer hangs up, the socket breaks or {@link #close} is called, every
 *       pending call fails at once with the reason, and so does every later call &mdash;
 *       including one registered while the connection was ending (it re-checks after
 *       registering, so it cannot miss both the fail-all and the closed flag and wait out its
 *       timeout);</li>
 *   <li>lines that are not JSON objects (or not UTF-8, or longer than {@link #MAX_LINE_BYTES})
 *       are skipped and counted ({@link #malformedLines}); blank lines are ignored.</li>
 * </ul>
 *
 * A call whose future completes in any way (answered, failed, cancelled by a caller that gave
 * up waiting) is forgotten, so a late answer to it counts as inbound, not as a leak.
 */
public final class JsonLinesTransport implements AutoCloseable {
    /** The longest line read; a longer one is dropped up to its newline and counted as malformed. */
    public static final int MAX_LINE_BYTES = 64 << 20;

    private static final long RETRY_MILLIS = 10;

    /**
     * How long {@link #close} waits for the reader and writer to end. They end as soon as the
     * channel is closed (the reader's blocked read fails, the writer is interrupted); the wait
     * only bounds an inbound handler or close listener that does not return.
     */
    static final long JOIN_MILLIS = 5_000;

    /** The most frames one gathering write takes. */
    private static final int MAX_BATCH = 64;

    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final SocketChannel channel;
    private final Peer peer;
    private final Consumer<ObjectNode> inbound;
    private final Map<Long, Pending<?>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final BlockingQueue<Frame> outbox = new LinkedBlockingQueue<>();
    private final AtomicLong malformedLines = new AtomicLong();
    private final List<Consumer<String>> closeListeners = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private final Thread writer;
    private volatile String closedBecause;
    /** The longest request line the peer takes (without its newline); longer ones are refused unsent. */
    private volatile int maxRequestBytes = Integer.MAX_VALUE;

    /** A call waiting for its answer, and how to turn the answer into its result. */
    private record Pending<T>(CompletableFuture<T> future, Function<JsonNode, T> decode) {
        void answer(JsonNode message) {
            T result;
            try {
                result = decode.apply(message);
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
                return;
            }
            future.complete(result);
        }
    }

    /** One line to write, and the call it belongs to. */
    private record Frame(long id, byte[] bytes) {
    }

    private JsonLinesTransport(SocketChannel channel, Peer peer, Consumer<ObjectNode> inbound, String threadName) {
        this.channel = channel;
        this.peer = peer;
        this.inbound = inbound;
        reader = new Thread(this::readLoop, threadName + "-reader");
        writer = new Thread(this::writeLoop, threadName + "-writer");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    /**
     * Connects to a Unix socket, retrying until the timeout runs out (it tries at least once),
     * and starts reading. {@code inbound} receives, on the reader thread, every message that is
     * not the answer to a pending call; it may be called before this method returns (a greeting).
     */
    public static JsonLinesTransport connect(Path socket, Duration timeout, Peer peer, String threadName,
            Consumer<ObjectNode> inbound) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
                return new JsonLinesTransport(ch, peer, inbound, threadName);
            } catch (IOException e) {
                ch.close();
                if (System.nanoTime() - deadline >= 0) {
                    throw new IOException("cannot connect to " + peer.name() + " at " + socket + ": " + e.getMessage(), e);
                }
            }
            try {
                Thread.sleep(RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while connecting to " + peer.name(), e);
            }
        }
    }

    /**
     * Sends a request (the body's members, after a fresh {@code id}) and returns its result to
     * come: the answer decoded by {@code decode}, or the exception {@code decode} throws (the
     * peer's error), or the peer's {@link Peer#closedError} when the connection ends first.
     * Cancelling the future forgets the call.
     */
    public <T> CompletableFuture<T> call(ObjectNode body, Function<JsonNode, T> decode) {
        CompletableFuture<T> f = new CompletableFuture<>();
        String reason = closedBecause;
        if (reason != null) {
            f.completeExceptionally(peer.closedError().apply(reason));
            return f;
        }
        long id = nextId.getAndIncrement();
        ObjectNode frame = json.createObjectNode();
        frame.put("id", id);
        frame.setAll(body);
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(frame);
        } catch (JsonProcessingException e) {
            f.completeExceptionally(new IllegalArgumentException("the request cannot be written as JSON: " + e.getMessage(), e));
            return f;
        }
        if (bytes.length > maxRequestBytes) {
            /* the peer would drop it unread (the kernel agent answers such a line with EFRAME and id null,
               which no call can be matched to): refuse it here, where the caller can be told why */
            f.completeExceptionally(new IllegalArgumentException("the request is " + bytes.length + " bytes as a line, more than the "
                    + maxRequestBytes + " bytes " + peer.name() + " takes; it was not sent"));
            return f;
        }
        bytes = Arrays.copyOf(bytes, bytes.length + 1);
        bytes[bytes.length - 1] = '\n';
        pending.put(id, new Pending<>(f, decode));
        f.whenComplete((result, error) -> pending.remove(id));
        outbox.add(new Frame(id, bytes));
        /*
         * The close race: end() sets closedBecause, then fails what is pending. A call that
         * registered after that sweep sees the flag here and fails itself; one registered before
         * it was failed by the sweep (remove() then finds nothing).
         */
        reason = closedBecause;
        if (reason != null && pending.remove(id) != null) {
            f.completeExceptionally(peer.closedError().apply(reason));
        }
        return f;
    }

    /**
     * Sets the longest request line the peer takes, in bytes without the newline: a call whose
     * line would be longer fails at once with an {@link IllegalArgumentException} saying so, and
     * nothing is sent. Unlimited unless set (QEMU's QMP has no such limit).
     */
    public void limitRequestBytes(int max) {
        maxRequestBytes = Math.max(1, max);
    }

    /**
     * Fails every pending call now, with an {@link IOException} carrying the reason, and keeps the
     * connection open (the peer will not answer them: a kernel that panicked, say).
     */
    public void failPending(String reason) {
        failPending(new IOException(reason));
    }

    private void failPending(Throwable error) {
        for (Long id : new ArrayList<>(pending.keySet())) {
            Pending<?> p = pending.remove(id);
            if (p != null) {
                p.future().completeExceptionally(error);
            }
        }
    }

    /**
     * Runs the listener once, with the reason, when the connection ends (the peer closed it, it
     * broke, or {@link #close} was called), before any call pending at that moment fails; at once
     * if it has ended already. Listeners run on the thread that ended it and must not block.
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

    /** Why the connection ended, or null while it is open. */
    public String closedBecause() {
        return closedBecause;
    }

    /** Lines that were not JSON objects (skipped). */
    public long malformedLines() {
        return malformedLines.get();
    }

    /** Calls sent and not yet answered, failed or given up. */
    public int pendingCalls() {
        return pending.size();
    }

    /**
     * Ends the connection and waits (at most {@link #JOIN_MILLIS} each) for the reader and writer
     * threads to end, so a closed client leaves no thread of its own behind. Called from one of
     * those threads (an inbound handler or a close listener closing the client), it does not
     * wait for that thread.
     */
    @Override
    public void close() {
        end(peer.closedHere());
        boolean interrupted = false;
        for (Thread t : new Thread[] {reader, writer}) {
            if (t == Thread.currentThread()) {
                continue;
            }
            try {
                t.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                interrupted = true;      /* the wait is cut short; the threads still end on their own */
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the reader or the writer thread still runs (tests check that close ends both). */
    boolean threadsAlive() {
        return reader.isAlive() || writer.isAlive();
    }

    /** Ends the connection for a reason (the first reason given is the one reported). */
    private void end(String reason) {
        synchronized (this) {
            if (closedBecause == null) {
                closedBecause = reason;
            }
        }
        try {
            channel.close();
        } catch (IOException e) {
            /* closing anyway */
        }
        writer.interrupt();
        String why = closedBecause;
        /* Listeners first: a caller whose call fails below may look for the end's notice at once. */
        for (Consumer<String> l : closeListeners) {
            if (closeListeners.remove(l)) {
                try {
                    l.accept(why);
                } catch (RuntimeException e) {
                    /* one listener's failure must not keep the others from hearing of the end */
                }
            }
        }
        failPending(peer.closedError().apply(why));
    }

    /**
     * Writes what callers queued, in order. Frames queued meanwhile go out together in one
     * gathering write (many callers at once cost few system calls); a frame whose call was given
     * up before its turn is dropped.
     */
    private void writeLoop() {
        List<Frame> batch = new ArrayList<>();
        try {
            while (closedBecause == null) {
                batch.add(outbox.take());
                outbox.drainTo(batch, MAX_BATCH - 1);
                List<ByteBuffer> out = new ArrayList<>(batch.size());
                for (Frame frame : batch) {
                    if (pending.containsKey(frame.id())) {
                        out.add(ByteBuffer.wrap(frame.bytes()));
                    }
                }
                batch.clear();
                ByteBuffer[] buffers = out.toArray(ByteBuffer[]::new);
                for (int first = 0; first < buffers.length; ) {
                    channel.write(buffers, first, buffers.length - first);
                    while (first < buffers.length && !buffers[first].hasRemaining()) {
                        first++;
                    }
                }
            }
        } catch (InterruptedException e) {
            /* end() stops the writer */
        } catch (IOException e) {
            /* half a frame may have gone out: the stream is unusable */
            end("cannot send to " + peer.name() + ": " + e.getMessage());
        }
    }

    private void readLoop() {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        LineAssembler lines = new LineAssembler(MAX_LINE_BYTES);
        try {
            while (true) {
                buf.clear();
                int n = channel.read(buf);
                if (n < 0) {
                    end(peer.hungUp());
                    return;
                }
                lines.feed(buf.array(), n, this::dispatch, malformedLines::incrementAndGet);
            }
        } catch (IOException e) {
            end(closedBecause != null ? closedBecause : peer.connection() + " lost: " + e.getMessage());
        } catch (RuntimeException | Error e) {
            end(peer.connection() + " failed: " + e);
        }
    }

    /** One complete line (without its newline). */
    private void dispatch(byte[] line, int length) {
        if (LineAssembler.blank(line, length)) {
            return;
        }
        JsonNode msg;
        try {
            msg = json.readTree(line, 0, length);
        } catch (IOException e) {
            malformedLines.incrementAndGet();
            return;
        }
        if (!(msg instanceof ObjectNode o)) {
            malformedLines.incrementAndGet();
            return;
        }
        JsonNode id = o.get("id");
        if (id != null && id.isIntegralNumber() && id.canConvertToLong()) {
            Pending<?> p = pending.remove(id.asLong());
            if (p != null) {
                p.answer(o);
                return;
            }
        }
        try {
            inbound.accept(o);
        } catch (RuntimeException e) {
            /* a handler's bug must not stop the reader */
        }
    }
}
