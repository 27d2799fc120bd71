package oolong.repl.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import oolong.qmp.transport.FakePeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The agent client's own part (op framing, results and errors, events, the end of the
 * connection) against a scripted agent on a real socket; the transport underneath has its own
 * tests (oolong.qmp.transport.JsonLinesTransportTest).
 */
@Timeout(60)
class AgentClientTest {
    /**
     * A call that passed the closed check just as the connection ended, and registered after the
     * pending calls were failed, must fail at once too. The argument's serialisation holds the
     * call between the two until the end is seen; the agent only half-closes, so the request
     * itself can still be written (nothing else would fail the call).
     */
    @Test
    void aCallRacingTheEndOfTheConnectionFailsAtOnce() throws Exception {
        try (FakePeer peer = FakePeer.listening()) {
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
            AgentClient a = AgentClient.connect(peer.socket(), Duration.ofSeconds(10));
            Object slow = new Object() {
                @SuppressWarnings("unused")
                public int getValue() throws InterruptedException {
                    inCall.countDown();
                    endSeen.await(30, TimeUnit.SECONDS);
                    return 1;
                }
            };
            CompletableFuture<CompletableFuture<JsonNode>> sent = CompletableFuture.supplyAsync(
                    () -> a.send("ping", Map.of("arg", slow)));
            assertTrue(inCall.await(10, TimeUnit.SECONDS));
            hangUp.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (a.connected() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(!a.connected(), "the client saw the end");
            endSeen.countDown();
            CompletableFuture<JsonNode> call = sent.get(10, TimeUnit.SECONDS);
            ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS),
                    "the call must fail at once, not wait for an answer that cannot come");
            assertEquals("the agent connection closed: the machine has ended or its agent stopped (/reboot starts a fresh machine)",
                    e.getCause().getMessage());
            a.close();
        }
    }

    @Test
    void requestsAreFramedAsOpAndArgumentsAndAnswersBecomeResultsOrErrors() throws Exception {
        try (FakePeer peer = FakePeer.listening()) {
            CompletableFuture<String> first = new CompletableFuture<>();
            peer.serve(c -> {
                String kill = c.readLine();
                first.complete(kill);
                c.line("{\"id\":" + FakePeer.idOf(kill) + ",\"ok\":false,\"error\":{\"code\":\"ENOPROC\",\"message\":\"no process 42\"}}");
                String ps = c.readLine();
                c.line("{\"id\":" + FakePeer.idOf(ps) + ",\"ok\":true,\"result\":{\"n\":2}}");
                String odd = c.readLine();
                c.line("{\"id\":" + FakePeer.idOf(odd) + ",\"ok\":false}");
                c.readLine();
            });
            try (AgentClient a = AgentClient.connect(peer.socket(), Duration.ofSeconds(10))) {
                AgentException e = assertThrows(AgentException.class, () -> a.call("kill", Map.of("pid", 42, "code", -1)));
                assertEquals("ENOPROC", e.code());
                assertEquals("ENOPROC: no process 42", e.getMessage());
                assertEquals("{\"id\":1,\"op\":\"kill\",\"pid\":42,\"code\":-1}".length(), first.get().length());
                assertTrue(first.get().startsWith("{\"id\":1,\"op\":\"kill\","), first.get());
                assertEquals(2, a.call("ps", Map.of("args", List.of("a", "b"))).path("n").asInt());
                AgentException unknown = assertThrows(AgentException.class, () -> a.call("odd", Map.of()));
                assertEquals("EUNKNOWN", unknown.code());
                IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
                        () -> a.send("ps", Map.of("id", 3)));
                assertTrue(reserved.getMessage().contains("reserved"), reserved.getMessage());
            }
        }
    }

    @Test
    void eventsGoToListenersAndTheQueueAndErrorsWithoutAnIdAreNeither() throws Exception {
        try (FakePeer peer = FakePeer.listening()) {
            peer.serve(c -> {
                String r = c.readLine();
                c.line("{\"event\":\"exit\",\"pid\":5,\"code\":0}");
                c.line("{\"id\":null,\"ok\":false,\"error\":{\"code\":\"EPARSE\",\"message\":\"not JSON\"}}");
                c.line("garbage");
                c.line("{\"event\":\"sched\",\"from\":\"seed\",\"to\":\"stride\"}");
                c.line("{\"id\":" + FakePeer.idOf(r) + ",\"ok\":true,\"result\":{}}");
                c.readLine();
            });
            try (AgentClient a = AgentClient.connect(peer.socket(), Duration.ofSeconds(10))) {
                List<String> heard = new CopyOnWriteArrayList<>();
                a.addEventListener(e -> {
                    throw new IllegalStateException("a listener's bug");
                });
                a.addEventListener(e -> heard.add(e.path("event").asText()));
                a.call("ping", Map.of());
                assertEquals(List.of("exit", "sched"), heard);
                List<JsonNode> queued = a.drainEvents();
                assertEquals(2, queued.size());
                assertEquals(5, queued.get(0).path("pid").asInt());
                assertEquals(List.of(), a.drainEvents(), "taken once");
                assertEquals(1, a.malformedLines());
            }
        }
    }

    @Test
    void theEventQueueKeepsTheNewest() throws Exception {
        int extra = 5;
        try (FakePeer peer = FakePeer.listening()) {
            peer.serve(c -> {
                String r = c.readLine();
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < AgentClient.EVENT_QUEUE + extra; i++) {
                    sb.append("{\"event\":\"e\",\"n\":").append(i).append("}\n");
                }
                c.send(sb.toString());
                c.line("{\"id\":" + FakePeer.idOf(r) + ",\"ok\":true,\"result\":{}}");
                c.readLine();
            });
            try (AgentClient a = AgentClient.connect(peer.socket(), Duration.ofSeconds(10))) {
                a.call("ping", Map.of());
                List<JsonNode> queued = a.drainEvents();
                assertEquals(AgentClient.EVENT_QUEUE, queued.size());
                assertEquals(extra, queued.get(0).path("n").asInt(), "the oldest were dropped");
            }
        }
    }

    /** The end of the connection as the session's watch hears it (the "agent connection dropped" notice). */
    @Test
    void theEndIsReportedOnceWithItsReasonAndLaterCallsFailAtOnce() throws Exception {
        try (FakePeer peer = FakePeer.listening()) {
            CountDownLatch got = new CountDownLatch(1);
            peer.serve(c -> {
                c.readLine();
                got.countDown();
            });
            AgentClient a = AgentClient.connect(peer.socket(), Duration.ofSeconds(10));
            List<String> reasons = new CopyOnWriteArrayList<>();
            a.onClose(reasons::add);
            long t0 = System.nanoTime();
            IllegalStateException pending = assertThrows(IllegalStateException.class,
                    () -> a.call("puppet", Map.of("pid", 2), Duration.ofSeconds(30)));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "failed when the agent went, not at the timeout");
            String reason = "the agent connection closed: the machine has ended or its agent stopped (/reboot starts a fresh machine)";
            assertEquals(reason, pending.getMessage());
            assertEquals(List.of(reason), reasons);
            assertTrue(a.send("ps", Map.of()).isCompletedExceptionally());
            a.close();
            assertEquals(List.of(reason), reasons, "once");
        }
        try (FakePeer peer = FakePeer.listening()) {
            peer.serve(c -> c.readLine());
            AgentClient a = AgentClient.connect(peer.socket(), Duration.ofSeconds(10));
            List<String> reasons = new CopyOnWriteArrayList<>();
            a.onClose(reasons::add);
            a.close();
            assertEquals(List.of("closed by the REPL"), reasons);
        }
    }

    @Test
    void failAllFailsWhatWaitsAndTheConnectionStays() throws Exception {
        try (FakePeer peer = FakePeer.listening()) {
            CountDownLatch got = new CountDownLatch(1);
            peer.serve(c -> {
                c.readLine();
                got.countDown();
                String r = c.readLine();
                c.line("{\"id\":" + FakePeer.idOf(r) + ",\"ok\":true,\"result\":{\"pong\":true}}");
                c.readLine();
            });
            try (AgentClient a = AgentClient.connect(peer.socket(), Duration.ofSeconds(10))) {
                CompletableFuture<JsonNode> stuck = a.send("ps", Map.of());
                assertTrue(got.await(10, TimeUnit.SECONDS));
                a.failAll("kernel panic: init killed prematurely (the report: vm.panic())");
                ExecutionException e = assertThrows(ExecutionException.class, () -> stuck.get(10, TimeUnit.SECONDS));
                assertEquals("kernel panic: init killed prematurely (the report: vm.panic())", e.getCause().getMessage());
                assertTrue(a.call("ping", Map.of()).path("pong").asBoolean());
            }
        }
    }

    /**
     * The kernel reads frames of at most 64 KiB and discards a longer line unread, answering EFRAME
     * with a null id that no call can be matched to: the client refuses such a request before
     * sending it, with the sizes in the error, and a request of exactly the limit still goes out.
     */
    @Test
    void aRequestLongerThanTheKernelsFrameLimitIsRefusedBeforeSending() throws Exception {
        assertEquals(oolong.kernel.agent.Agent.MAX_FRAME, AgentClient.MAX_FRAME_BYTES, "the kernel's limit");
        try (FakePeer peer = FakePeer.listening()) {
            List<Integer> lengths = new CopyOnWriteArrayList<>();
            peer.serve(c -> {
                for (String line; (line = c.readLine()) != null; ) {
                    lengths.add(line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
                    c.line("{\"id\":" + FakePeer.idOf(line) + ",\"ok\":true,\"result\":{\"pong\":true}}");
                }
            });
            try (AgentClient a = AgentClient.connect(peer.socket(), Duration.ofSeconds(10))) {
                /* ids count from 1: {"id":1,"op":"echo","data":"..."} is 30 bytes and the data */
                int overhead = "{\"id\":1,\"op\":\"echo\",\"data\":\"\"}".length();
                String fits = "a".repeat(AgentClient.MAX_FRAME_BYTES - overhead);
                assertTrue(a.call("echo", Map.of("data", fits)).path("pong").asBoolean());
                assertEquals(List.of(AgentClient.MAX_FRAME_BYTES), lengths, "a frame of exactly the limit is sent");

                String over = "a".repeat(AgentClient.MAX_FRAME_BYTES - overhead + 1);   /* id 2: one byte over */
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> a.call("echo", Map.of("data", over)));
                assertEquals("'echo' was refused before sending: the request is 65537 bytes as a line, more than the 65536 bytes "
                        + "the kernel agent takes; it was not sent", e.getMessage());
                ExecutionException viaSend = assertThrows(ExecutionException.class,
                        () -> a.send("echo", Map.of("data", over + over)).get(10, TimeUnit.SECONDS));
                assertTrue(viaSend.getCause() instanceof IllegalArgumentException, viaSend.toString());

                assertTrue(a.call("ping", Map.of()).path("pong").asBoolean(), "the connection goes on");
                assertEquals(2, lengths.size(), "nothing of the refused requests reached the agent: " + lengths);
                assertTrue(lengths.get(1) < 100, "the next line is the ping: " + lengths);
            }
        }
    }

    @Test
    void aTimeoutNamesTheOperationAndWhatToTry() throws Exception {
        try (FakePeer peer = FakePeer.listening()) {
            peer.serve(c -> {
                c.readLine();
                c.readLine();
            });
            try (AgentClient a = AgentClient.connect(peer.socket(), Duration.ofSeconds(10))) {
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> a.call("ps", Map.of(), Duration.ofMillis(200)));
                assertEquals("the kernel agent did not answer 'ps' within 200 ms (is the kernel stuck? try vm.status())",
                        e.getMessage());
            }
        }
    }

    @Test
    void noAgentIsAClearError() throws Exception {
        FakePeer nobody = FakePeer.notYetListening();
        try {
            java.io.IOException e = assertThrows(java.io.IOException.class,
                    () -> AgentClient.connect(nobody.socket(), Duration.ofMillis(100)));
            assertTrue(e.getMessage().startsWith("cannot connect to the kernel agent at " + nobody.socket()), e.getMessage());
        } finally {
            nobody.close();
        }
    }
}
