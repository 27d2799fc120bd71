package oolong.qmp.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted peer on a real Unix socket, for tests of the host's JSON-lines clients: it listens in
 * a temporary directory, accepts connections, and runs a script (on its own thread) against each
 * that reads request lines and writes whatever the test wants, garbage included. Closing it
 * removes the socket and the directory. Used by the transport's tests here and by the agent
 * client's in the repl module (this module's test jar).
 */
public final class FakePeer implements AutoCloseable {
    /** What a script does with one accepted connection. */
    @FunctionalInterface
    public interface Script {
        void run(Connection c) throws Exception;
    }

    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    private final Path dir;
    private final Path socket;
    private ServerSocketChannel server;

    private FakePeer(Path dir) {
        this.dir = dir;
        this.socket = dir.resolve("peer.sock");
    }

    /** A peer listening at once. */
    public static FakePeer listening() throws IOException {
        FakePeer p = new FakePeer(Files.createTempDirectory("oolong-fake-peer"));
        p.listen();
        return p;
    }

    /** A peer whose socket does not exist yet: {@link #listen} creates it (a client retries meanwhile). */
    public static FakePeer notYetListening() throws IOException {
        return new FakePeer(Files.createTempDirectory("oolong-fake-peer"));
    }

    public synchronized void listen() throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(socket));
        server = s;
    }

    public Path socket() {
        return socket;
    }

    /**
     * Accepts the next connection and runs the script on it in a thread of its own; the future
     * completes when the script returns (the connection is then closed) or fails with what it threw.
     */
    public CompletableFuture<Void> serve(Script script) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (Connection c = new Connection(server.accept())) {
                script.run(c);
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "fake-peer");
        t.setDaemon(true);
        t.start();
        return done;
    }

    @Override
    public synchronized void close() throws IOException {
        if (server != null) {
            server.close();
        }
        Files.deleteIfExists(socket);
        Files.deleteIfExists(dir);
    }

    /** The request's numeric id (the transport writes it first: {"id":7,...}). */
    public static long idOf(String request) {
        Matcher m = ID.matcher(request);
        if (!m.find()) {
            throw new IllegalArgumentException("no id in " + request);
        }
        return Long.parseLong(m.group(1));
    }

    /** One accepted connection, seen from the peer's side. */
    public static final class Connection implements AutoCloseable {
        private final SocketChannel channel;
        private final ByteBuffer in = ByteBuffer.allocate(1 << 16);

        Connection(SocketChannel channel) {
            this.channel = channel;
            in.limit(0);
        }

        /** The next line the client sent, without its newline; null when the client hung up. */
        public String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                if (!in.hasRemaining()) {
                    in.clear();
                    int n = channel.read(in);
                    in.flip();
                    if (n < 0) {
                        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                    }
                    continue;
                }
                byte b = in.get();
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
        }

        /** Sends text as it is (add the newlines yourself). */
        public void send(String text) throws IOException {
            send(text.getBytes(StandardCharsets.UTF_8));
        }

        public void send(byte[] bytes) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }

        /** Sends a line, UTF-8, newline added; an I/O error is unchecked (for lambdas). */
        public void line(String text) {
            try {
                send(text + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Ends only the peer's output: the client reads end of file, while its writes still
         * succeed (a connection that ends without refusing what is sent to it).
         */
        public void shutdownOutput() throws IOException {
            channel.shutdownOutput();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
