package oolong.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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

/** QMP's own part over a scripted peer (the transport's are in transport.JsonLinesTransportTest). */
@Timeout(60)
class QmpClientTest {
    static final String GREETING = "{\"QMP\": {\"version\": {\"qemu\": {\"major\": 9, \"minor\": 1, \"micro\": 0}}, "
            + "\"capabilities\": [\"oob\"]}}\n";

    /** Reads the capabilities negotiation and accepts it. */
    static void handshake(FakePeer.Connection c) throws IOException {
        c.send(GREETING);
        String caps = c.readLine();
        assertTrue(caps.contains("\"execute\":\"qmp_capabilities\""), caps);
        c.line("{\"return\": {}, \"id\": " + FakePeer.idOf(caps) + "}");
    }

    @Test
    void skipsMalformedLinesTurnsErrorsIntoExceptionsAndFailsPendingCallsWhenTheServerGoes() throws Exception {
        try (FakePeer peer = FakePeer.listening()) {
            CompletableFuture<Void> script = peer.serve(c -> {
                c.send("not json at all\n");
                handshake(c);
                String next = c.readLine();
                c.send("{\"truncated\": \n[1,2,3]\n{\"error\": {\"class\": \"GenericError\", \"desc\": \"nope\"}, \"id\": "
                        + FakePeer.idOf(next) + "}\n");
                c.readLine();      /* a third command that is never answered: we hang up */
            });
            try (QmpClient client = QmpClient.connect(peer.socket(), Duration.ofSeconds(10))) {
                assertEquals("9.1.0", client.qemuVersion());
                assertEquals("[\"oob\"]", client.greetingCapabilities().toString());
                QmpException e = assertThrows(QmpException.class, () -> client.call("anything"));
                assertEquals("GenericError", e.errorClass());
                assertEquals("nope", e.description());
                long t0 = System.nanoTime();
                IllegalStateException gone = assertThrows(IllegalStateException.class,
                        () -> client.call("hang", Map.of(), Duration.ofSeconds(30)));
                assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "failed at once");
                assertEquals("QEMU closed the QMP connection (the VM has ended)", gone.getMessage());
                assertTrue(gone.getCause() instanceof QmpClosedException, gone.toString());
                assertEquals(3, client.malformedLines());
                assertFalse(client.connected());
            }
            script.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void eventsReachListenersAndWaitersAndAWaiterFailsWhenQemuGoes() throws Exception {
        try (FakePeer peer = FakePeer.listening()) {
            CountDownLatch go = new CountDownLatch(1);
            peer.serve(c -> {
                handshake(c);
                go.await(10, TimeUnit.SECONDS);
                c.line("{\"event\": \"STOP\", \"timestamp\": {\"seconds\": 5, \"microseconds\": 7}}");
                c.line("{\"event\": \"RESET\", \"data\": {\"guest\": true}}");
                c.readLine();
            });
            try (QmpClient client = QmpClient.connect(peer.socket(), Duration.ofSeconds(10))) {
                List<QmpEvent> heard = new CopyOnWriteArrayList<>();
                client.addEventListener(heard::add);
                CompletableFuture<QmpEvent> reset = client.nextEvent(e -> e.name().equals("RESET"));
                CompletableFuture<QmpEvent> never = client.nextEvent(e -> e.name().equals("NEVER"));
                go.countDown();
                QmpEvent r = client.awaitEvent(reset, Duration.ofSeconds(10));
                assertTrue(r.data().path("guest").asBoolean(), r.toString());
                assertEquals("STOP", heard.get(0).name());
                assertEquals(5, heard.get(0).seconds());
                assertEquals(7, heard.get(0).microseconds());
                client.close();
                ExecutionException e = assertThrows(ExecutionException.class, () -> never.get(10, TimeUnit.SECONDS));
                assertTrue(e.getCause() instanceof QmpClosedException, e.toString());
                assertTrue(client.nextEvent(x -> true).isCompletedExceptionally(), "a waiter after the end fails at once");
            }
        }
    }

    @Test
    void noGreetingIsAClearErrorWithinTheTimeout() throws Exception {
        try (FakePeer peer = FakePeer.listening()) {
            peer.serve(c -> c.readLine());
            IOException e = assertThrows(IOException.class, () -> QmpClient.connect(peer.socket(), Duration.ofMillis(500)));
            assertEquals("QEMU sent no QMP greeting within 500 ms", e.getMessage());
        }
    }

    @Test
    void parsesRegistersTlbAndMemRanges() {
        Registers r = Registers.parse("RAX=0000000000000001 RBX=0000000000000002 RCX=0 RDX=0\n"
                + "RIP=0000000040001234 RFL=00000202 [-------] CPL=3 II=0\nCR0=80010013 CR2=0000000000000010 "
                + "CR3=0000000000327000 CR4=00000620\nEFER=0000000000000d01\n");
        assertEquals(0x40001234L, r.rip());
        assertEquals(3, r.cpl());
        assertEquals(0x327000L, r.cr3());
        assertEquals(0xd01L, r.efer());
        List<TlbEntry> t = TlbEntry.parseTlb("0000000040000000: 0000000000a3c000 ----A--UW\n"
                + "ffff800000000000: 0000000001c00000 X-PDA---W\nnot a line\n");
        assertEquals(2, t.size());
        assertTrue(t.get(0).user() && t.get(0).writable() && !t.get(0).noExecute());
        assertTrue(t.get(1).noExecute() && !t.get(1).user());
        List<MemRange> m = MemRange.parse("0000000040000000-0000000040053000 0000000000053000 ur-\n");
        assertEquals(0x53000L, m.get(0).size());
        assertEquals("0000000040000000-0000000040053000 0000000000053000 ur-", m.get(0).toString(),
                "printed in hex, as info mem shows it");
        assertEquals("0000000040000000 -> 0000000000a3c000 ----A--UW", t.get(0).toString());
        assertThrows(IllegalArgumentException.class, () -> Registers.parse("garbage"));
    }
}
