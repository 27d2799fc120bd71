package oolong.qmp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JSON-lines transport against a scripted peer on a real Unix socket. Bounds are generous
 * (the host may be loaded): "at once" means well before the calls' own timeouts.
 */
@Timeout(120)
class JsonLinesTransportTest {
    static final Peer PEER = new Peer("the test peer", "test connection", "the test peer hung up", "closed by the test");
    static final Function<JsonNode, JsonNode> RESULT = answer -> answer.get("result");
    static final ObjectMapper JSON = new ObjectMapper();

    FakePeer peer;
    final List<ObjectNode> inbound = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        peer = FakePeer.listening();
    }

    @AfterEach
    void stop() throws IOException {
        peer.close();
    }

    JsonLinesTransport connect() throws IOException {
        return JsonLinesTransport.connect(peer.socket(), Duration.ofSeconds(10), PEER, "test", inbound::add);
    }

    static ObjectNode request(String op) {
        return JSON.createObjectNode().put("op", op);
    }

    static String answer(String request, Object result) {
        return "{\"id\":" + FakePeer.idOf(request) + ",\"result\":" + result + "}";
    }

    @Test
    void eachAnswerCompletesItsOwnCallWhateverTheOrder() throws Exception {
        CompletableFuture<Void> script = peer.serve(c -> {
            String a = c.readLine();
            String b = c.readLine();
            String d = c.readLine();
            c.line(answer(d, "\"third\""));
            c.line("{\"event\":\"between\"}");
            c.line(answer(a, "\"first\""));
            c.line(answer(b, "\"second\""));
            c.readLine();
        });
        try (JsonLinesTransport t = connect()) {
            CompletableFuture<JsonNode> one = t.call(request("a"), RESULT);
            CompletableFuture<JsonNode> two = t.call(request("b"), RESULT);
            CompletableFuture<JsonNode> three = t.call(request("c"), RESULT);
            assertEquals("first", one.get(10, TimeUnit.SECONDS).asText());
            assertEquals("second", two.get(10, TimeUnit.SECONDS).asText());
            assertEquals("third", three.get(10, TimeUnit.SECONDS).asText());
            assertEquals(1, inbound.size(), "the event, and only it, went to the inbound handler: " + inbound);
            assertEquals("between", inbound.get(0).path("event").asText());
            assertEquals(0, t.pendingCalls());
        }
        script.get(10, TimeUnit.SECONDS);
    }

    @Test
    void theRequestCarriesAFreshIdFirstAndTheBodyAfterIt() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        peer.serve(c -> {
            String r = c.readLine();
            seen.complete(r);
            c.line(answer(r, "1"));
            c.readLine();
        });
        try (JsonLinesTransport t = connect()) {
            t.call(request("ping").put("n", 3), RESULT).get(10, TimeUnit.SECONDS);
            assertEquals("{\"id\":1,\"op\":\"ping\",\"n\":3}", seen.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void garbageLinesAreSkippedAndCountedAndTheConnectionGoesOn() throws Exception {
        peer.serve(c -> {
            String r = c.readLine();
            c.send("not json at all\n[1,2,3]\n{\"truncated\": \n\"a string\"\n{\"a\":1} trailing\n");
            c.send(new byte[] {'{', '"', 'x', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'});   /* not UTF-8 */
            c.send("\n   \r\n\t\n");                                       /* blank: ignored, not counted */
            c.send("{\"event\":\"split across\",");                         /* one line in two writes */
            Thread.sleep(50);
            c.send("\"reads\":true}\r\n");
            c.line(answer(r, "\"after the garbage\""));
            c.readLine();
        });
        try (JsonLinesTransport t = connect()) {
            assertEquals("after the garbage", t.call(request("x"), RESULT).get(10, TimeUnit.SECONDS).asText());
            assertEquals(6, t.malformedLines());
            assertEquals(1, inbound.size(), inbound.toString());
            assertTrue(inbound.get(0).path("reads").asBoolean(), inbound.toString());
            assertTrue(t.connected());
        }
    }

    @Test
    void anAnswerTheDecoderRefusesFailsThatCallOnly() throws Exception {
        peer.serve(c -> {
            String a = c.readLine();
            String b = c.readLine();
            c.line("{\"id\":" + FakePeer.idOf(a) + ",\"error\":\"nope\"}");
            c.line(answer(b, "2"));
            c.readLine();
        });
        Function<JsonNode, JsonNode> decode = answer -> {
            if (answer.has("error")) {
                throw new IllegalStateException("refused: " + answer.get("error").asText());
            }
            return answer.get("result");
        };
        try (JsonLinesTransport t = connect()) {
            CompletableFuture<JsonNode> bad = t.call(request("a"), decode);
            CompletableFuture<JsonNode> good = t.call(request("b"), decode);
            ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
            assertEquals("refused: nope", e.getCause().getMessage());
            assertEquals(2, good.get(10, TimeUnit.SECONDS).asInt());
        }
    }

    @Test
    void aPeerThatHangsUpMidCallFailsItAtOnceAndEveryLaterCallToo() throws Exception {
        CountDownLatch got = new CountDownLatch(1);
        peer.serve(c -> {
            c.readLine();
            got.countDown();        /* and hang up without answering */
        });
        try (JsonLinesTransport t = connect()) {
            List<String> heard = new CopyOnWriteArrayList<>();
            t.onClose(heard::add);
            CompletableFuture<JsonNode> call = t.call(request("never answered"), RESULT);
            assertTrue(got.await(10, TimeUnit.SECONDS));
            long t0 = System.nanoTime();
            ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(60, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "failed at once, not after a timeout");
            assertInstanceOf(ConnectionClosedException.class, e.getCause());
            assertEquals("the test peer hung up", e.getCause().getMessage());
            assertFalse(t.connected());
            assertEquals("the test peer hung up", t.closedBecause());
            CompletableFuture<JsonNode> late = t.call(request("late"), RESULT);
            assertTrue(late.isCompletedExceptionally(), "a call after the end fails before it returns");
            assertEquals(List.of("the test peer hung up"), heard, "the close listener ran once");
            List<String> lateListener = new ArrayList<>();
            t.onClose(lateListener::add);
            assertEquals(List.of("the test peer hung up"), lateListener, "a listener added after the end runs at once");
            assertEquals(0, t.pendingCalls());
        }
    }

    /**
     * Whoever waits on a call that the end failed may look at once for the notice of the end (the
     * REPL prints "agent connection dropped" from a close listener): the listeners hear of the end
     * before any pending call fails, so the call still pending is what a listener sees.
     */
    @Test
    void closeListenersHearOfTheEndBeforeAnyPendingCallFails() throws Exception {
        CountDownLatch got = new CountDownLatch(1);
        CountDownLatch hangUp = new CountDownLatch(1);
        peer.serve(c -> {
            c.readLine();
            got.countDown();
            hangUp.await(10, TimeUnit.SECONDS);      /* then hang up without answering */
        });
        try (JsonLinesTransport t = connect()) {
            var pendingCall = new AtomicReference<CompletableFuture<JsonNode>>();
            List<Boolean> doneWhenHeard = new CopyOnWriteArrayList<>();
            t.onClose(reason -> doneWhenHeard.add(pendingCall.get().isDone()));
            CompletableFuture<JsonNode> call = t.call(request("never answered"), RESULT);
            pendingCall.set(call);
            assertTrue(got.await(10, TimeUnit.SECONDS));
            hangUp.countDown();
            assertThrows(ExecutionException.class, () -> call.get(60, TimeUnit.SECONDS));
            assertEquals(List.of(false), doneWhenHeard, "the listener ran once, while the call was still pending");
        }
    }

    /**
     * The close race: calls made from many threads while the connection ends. Every call must
     * complete (answered, or failed with the close) within a few seconds, none waiting for its own
     * timeout of a minute: a call that registers while the pending calls are being failed must
     * notice the end itself.
     */
    @Test
    void callsRacingTheEndAllFailAtOnce() throws Exception {
        for (int round = 0; round < 30; round++) {
            CountDownLatch answering = new CountDownLatch(1);
            peer.serve(c -> {
                for (int n = 0; n < 200; n++) {
                    String r = c.readLine();
                    if (r == null) {
                        return;
                    }
                    c.line(answer(r, n));
                    answering.countDown();
                }
            });
            JsonLinesTransport t = connect();
            AtomicBoolean stop = new AtomicBoolean();
            List<CompletableFuture<JsonNode>> calls = new CopyOnWriteArrayList<>();
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Thread th = new Thread(() -> {
                    while (!stop.get()) {
                        calls.add(t.call(request("spam"), RESULT));
                    }
                });
                th.start();
                callers.add(th);
            }
            assertTrue(answering.await(10, TimeUnit.SECONDS));
            if (round % 2 == 0) {
                t.close();                  /* this side ends it */
            }                               /* else the peer hangs up after 200 answers */
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (t.connected() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            Thread.sleep(20);               /* more calls race the end */
            stop.set(true);
            for (Thread th : callers) {
                th.join(10_000);
            }
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (CompletableFuture<JsonNode> f : calls) {
                try {
                    f.get(Math.max(1, waitUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    assertInstanceOf(ConnectionClosedException.class, e.getCause());
                } catch (TimeoutException e) {
                    throw new AssertionError("round " + round + ": a call made as the connection ended is still waiting ("
                            + calls.size() + " calls)");
                }
            }
            assertEquals(0, t.pendingCalls());
            t.close();
        }
    }

    /**
     * The race itself, made certain: the call passes the closed check, the connection ends and
     * its pending calls are failed, and only then does the call register (its request is written
     * out in between: the body's serialisation waits for the end). The peer only half-closes, so
     * writing the request still succeeds; only the re-check after registering can fail the call.
     */
    @Test
    void aCallThatRegistersAfterTheFailAllFailsAtOnce() throws Exception {
        CountDownLatch inCall = new CountDownLatch(1);
        CountDownLatch endSeen = new CountDownLatch(1);
        CountDownLatch hangUp = new CountDownLatch(1);
        peer.serve(c -> {
            hangUp.await(30, TimeUnit.SECONDS);
            c.shutdownOutput();
            while (c.readLine() != null) {
                /* reads on, answers nothing */
            }
        });
        try (JsonLinesTransport t = connect()) {
            ObjectNode body = request("slow");
            body.putPOJO("arg", new Object() {
                @SuppressWarnings("unused")
                public int getValue() throws InterruptedException {
                    inCall.countDown();
                    endSeen.await(30, TimeUnit.SECONDS);
                    return 1;
                }
            });
            CompletableFuture<CompletableFuture<JsonNode>> sent = CompletableFuture.supplyAsync(() -> t.call(body, RESULT));
            assertTrue(inCall.await(10, TimeUnit.SECONDS));
            hangUp.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (t.connected() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertFalse(t.connected());
            endSeen.countDown();
            CompletableFuture<JsonNode> call = sent.get(10, TimeUnit.SECONDS);
            ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
            assertEquals("the test peer hung up", e.getCause().getMessage());
            assertEquals(0, t.pendingCalls());
        }
    }

    @Test
    void manyConcurrentCallsEachGetTheirOwnAnswer() throws Exception {
        int threads = 8;
        int perThread = 300;
        peer.serve(c -> {
            /* answer in batches, newest first, so answers come back out of order */
            List<String> batch = new ArrayList<>();
            for (int n = 0; n < threads * perThread; n++) {
                batch.add(c.readLine());
                if (batch.size() == 7 || n == threads * perThread - 1) {
                    for (int i = batch.size() - 1; i >= 0; i--) {
                        String r = batch.get(i);
                        c.line(answer(r, JSON.readTree(r).path("n").asLong() * 2));
                    }
                    batch.clear();
                }
            }
            c.readLine();
        });
        try (JsonLinesTransport t = connect()) {
            AtomicInteger wrong = new AtomicInteger();
            List<Thread> callers = new ArrayList<>();
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            for (int i = 0; i < threads; i++) {
                int base = i * perThread;
                Thread th = new Thread(() -> {
                    try {
                        List<CompletableFuture<JsonNode>> mine = new ArrayList<>();
                        for (int n = base; n < base + perThread; n++) {
                            mine.add(t.call(request("double").put("n", n), RESULT));
                        }
                        for (int n = 0; n < perThread; n++) {
                            if (mine.get(n).get(60, TimeUnit.SECONDS).asLong() != 2L * (base + n)) {
                                wrong.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        errors.add(e);
                    }
                });
                th.start();
                callers.add(th);
            }
            for (Thread th : callers) {
                th.join(90_000);
            }
            assertEquals(List.of(), errors);
            assertEquals(0, wrong.get(), "answers matched to the wrong call");
            assertEquals(0, t.pendingCalls());
            assertEquals(0, t.malformedLines());
        }
    }

    @Test
    void aSlowPeersAnswerArrivesWithinTheTimeout() throws Exception {
        peer.serve(c -> {
            String r = c.readLine();
            Thread.sleep(500);
            String a = answer(r, "\"slow\"");
            c.send(a.substring(0, a.length() / 2));
            Thread.sleep(200);
            c.send(a.substring(a.length() / 2) + "\n");
            c.readLine();
        });
        try (JsonLinesTransport t = connect()) {
            assertEquals("slow", t.call(request("slow"), RESULT).get(30, TimeUnit.SECONDS).asText());
        }
    }

    /**
     * A peer that stops reading: requests pile up in the socket and then in the transport's
     * queue, but callers wait no longer than their own timeout (they never write themselves), and
     * a request given up before it went out is not sent late.
     */
    @Test
    void aPeerThatDoesNotReadDelaysNoCallerBeyondItsTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> received = new CopyOnWriteArrayList<>();
        peer.serve(c -> {
            release.await(60, TimeUnit.SECONDS);
            String r;
            while ((r = c.readLine()) != null) {
                received.add(r);
                if (r.contains("\"op\":\"after\"")) {
                    c.line(answer(r, "\"answered\""));
                }
            }
        });
        try (JsonLinesTransport t = connect()) {
            String big = "x".repeat(256 * 1024);
            List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < 32; i++) {      /* 8 MiB: far more than a socket buffer */
                calls.add(t.call(request("big").put("pad", big), RESULT));
            }
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "calls return at once, whether or not the peer reads");
            CompletableFuture<JsonNode> last = calls.get(calls.size() - 1);
            long w0 = System.nanoTime();
            assertThrows(TimeoutException.class, () -> last.get(300, TimeUnit.MILLISECONDS));
            assertTrue(System.nanoTime() - w0 < TimeUnit.SECONDS.toNanos(5), "the wait ended at its timeout");
            for (CompletableFuture<JsonNode> f : calls) {
                f.cancel(false);            /* the callers give up */
            }
            assertEquals(0, t.pendingCalls());
            release.countDown();
            assertEquals("answered", t.call(request("after"), RESULT).get(30, TimeUnit.SECONDS).asText());
            assertTrue(received.size() < 32, "requests given up before they went out were not sent: " + received.size()
                    + " of 32 reached the peer");
        }
    }

    @Test
    void aCallThatTimesOutIsForgottenAndItsLateAnswerGoesNowhereElse() throws Exception {
        CountDownLatch late = new CountDownLatch(1);
        peer.serve(c -> {
            String first = c.readLine();
            late.await(30, TimeUnit.SECONDS);
            c.line(answer(first, "\"too late\""));
            String second = c.readLine();
            c.line(answer(second, "\"on time\""));
            c.readLine();
        });
        try (JsonLinesTransport t = connect()) {
            CompletableFuture<JsonNode> first = t.call(request("first"), RESULT);
            assertThrows(TimeoutException.class, () -> first.get(200, TimeUnit.MILLISECONDS));
            first.cancel(false);
            assertEquals(0, t.pendingCalls());
            late.countDown();
            assertEquals("on time", t.call(request("second"), RESULT).get(30, TimeUnit.SECONDS).asText());
            assertEquals(1, inbound.size(), "the late answer is inbound, unmatched: " + inbound);
            assertEquals("too late", inbound.get(0).path("result").asText());
        }
    }

    @Test
    void failPendingFailsTheWaitingCallsAndKeepsTheConnection() throws Exception {
        CountDownLatch got = new CountDownLatch(1);
        peer.serve(c -> {
            c.readLine();
            got.countDown();
            String second = c.readLine();
            c.line(answer(second, "\"still here\""));
            c.readLine();
        });
        try (JsonLinesTransport t = connect()) {
            CompletableFuture<JsonNode> stuck = t.call(request("stuck"), RESULT);
            assertTrue(got.await(10, TimeUnit.SECONDS));
            t.failPending("the peer panicked");
            ExecutionException e = assertThrows(ExecutionException.class, () -> stuck.get(10, TimeUnit.SECONDS));
            assertEquals("the peer panicked", e.getCause().getMessage());
            assertTrue(t.connected());
            assertEquals("still here", t.call(request("second"), RESULT).get(30, TimeUnit.SECONDS).asText());
        }
    }

    /**
     * A closed transport leaves no thread behind: close() returns only once its reader and writer
     * have ended (QmpIT's machines used to leave them running past the test's end). Repeated,
     * because without the wait the threads' end merely races close()'s return.
     */
    @Test
    void closeEndsTheReaderAndWriterThreadsBeforeItReturns() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (FakePeer p = FakePeer.listening()) {
                CountDownLatch got = new CountDownLatch(1);
                p.serve(c -> {
                    c.readLine();
                    got.countDown();
                    c.readLine();
                });
                JsonLinesTransport t = JsonLinesTransport.connect(p.socket(), Duration.ofSeconds(10), PEER, "test", inbound::add);
                CompletableFuture<JsonNode> call = t.call(request("x"), RESULT);
                assertTrue(got.await(10, TimeUnit.SECONDS));
                t.close();
                assertFalse(t.threadsAlive(), "round " + i + ": the reader or the writer still runs after close()");
                assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aCloseFromTheReaderThreadItselfDoesNotWaitForItself() throws Exception {
        peer.serve(c -> {
            c.readLine();
            c.line("{\"event\":\"bye\"}");
            c.readLine();
        });
        CompletableFuture<Void> closed = new CompletableFuture<>();
        AtomicReference<JsonLinesTransport> self = new AtomicReference<>();
        JsonLinesTransport t = JsonLinesTransport.connect(peer.socket(), Duration.ofSeconds(10), PEER, "test", msg -> {
            self.get().close();         /* on the reader thread: must not wait JOIN_MILLIS for itself */
            closed.complete(null);
        });
        self.set(t);
        t.call(request("x"), RESULT);
        long t0 = System.nanoTime();
        closed.get(10, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(JsonLinesTransport.JOIN_MILLIS),
                "the reader closing its own transport did not wait for itself");
        t.close();
        assertFalse(t.threadsAlive());
    }

    @Test
    void closingFailsPendingCallsWithTheClientsOwnReasonAndType() throws Exception {
        final class Custom extends ConnectionClosedException {
            Custom(String reason) {
                super(reason);
            }
        }
        Peer custom = new Peer("p", "p connection", "p hung up", "closed here", Custom::new);
        CountDownLatch got = new CountDownLatch(1);
        peer.serve(c -> {
            c.readLine();
            got.countDown();
            c.readLine();
        });
        JsonLinesTransport t = JsonLinesTransport.connect(peer.socket(), Duration.ofSeconds(10), custom, "test", inbound::add);
        CompletableFuture<JsonNode> call = t.call(request("x"), RESULT);
        assertTrue(got.await(10, TimeUnit.SECONDS));
        t.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
        assertInstanceOf(Custom.class, e.getCause());
        assertEquals("closed here", e.getCause().getMessage());
        t.close();                          /* twice is harmless */
        assertEquals("closed here", t.closedBecause());
    }

    @Test
    void connectRetriesUntilThePeerListensAndNamesThePeerWhenItNeverDoes() throws Exception {
        FakePeer later = FakePeer.notYetListening();
        try {
            Thread binder = new Thread(() -> {
                try {
                    Thread.sleep(300);
                    later.listen();
                    later.serve(c -> c.readLine());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            binder.start();
            try (JsonLinesTransport t = JsonLinesTransport.connect(later.socket(), Duration.ofSeconds(30), PEER, "test",
                    inbound::add)) {
                assertTrue(t.connected());
            }
            binder.join(10_000);
        } finally {
            later.close();
        }
        FakePeer nobody = FakePeer.notYetListening();
        try {
            long t0 = System.nanoTime();
            IOException e = assertThrows(IOException.class,
                    () -> JsonLinesTransport.connect(nobody.socket(), Duration.ofMillis(300), PEER, "test", inbound::add));
            assertTrue(e.getMessage().startsWith("cannot connect to the test peer at " + nobody.socket() + ": "), e.getMessage());
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(300), "it kept trying until the timeout");
        } finally {
            nobody.close();
        }
    }

    @Test
    void anInboundHandlerThatThrowsDoesNotStopTheReader() throws Exception {
        peer.serve(c -> {
            String r = c.readLine();
            c.line("{\"event\":\"boom\"}");
            c.line(answer(r, "\"fine\""));
            c.readLine();
        });
        try (JsonLinesTransport t = JsonLinesTransport.connect(peer.socket(), Duration.ofSeconds(10), PEER, "test", m -> {
            throw new IllegalStateException("a handler's bug");
        })) {
            assertEquals("fine", t.call(request("x"), RESULT).get(30, TimeUnit.SECONDS).asText());
            assertNull(t.closedBecause());
        }
    }

    @Test
    void aRequestThatIsNotJsonFailsThatCallOnly() throws Exception {
        peer.serve(c -> c.readLine());
        try (JsonLinesTransport t = connect()) {
            ObjectNode body = JSON.createObjectNode();
            body.putPOJO("thing", new Object() {
                @SuppressWarnings("unused")
                public String getBroken() {
                    throw new IllegalStateException("cannot serialise");
                }
            });
            CompletableFuture<JsonNode> f = t.call(body, RESULT);
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
            assertInstanceOf(IllegalArgumentException.class, e.getCause());
            assertTrue(t.connected());
            assertEquals(0, t.pendingCalls());
        }
    }
}
