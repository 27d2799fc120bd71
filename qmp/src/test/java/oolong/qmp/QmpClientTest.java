package oolong.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Protocol garbage, which real QEMU never sends: a local fake server. */
@Timeout(30)
class QmpClientTest {
    private static void send(SocketChannel c, String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            c.write(b);
        }
    }

    private static String readLine(SocketChannel c) throws IOException {
        StringBuilder sb = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (true) {
            one.clear();
            if (c.read(one) < 0) {
                return sb.toString();
            }
            char ch = (char) one.get(0);
            if (ch == '\n') {
                return sb.toString();
            }
            sb.append(ch);
        }
    }

    @Test
    void skipsMalformedLinesAndFailsPendingCallsWhenTheServerGoes() throws Exception {
        Path dir = Files.createTempDirectory("qmp-fake");
        Path sock = dir.resolve("q.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            Thread fake = new Thread(() -> {
                try (SocketChannel c = server.accept()) {
                    send(c, "not json at all\n{\"QMP\": {\"version\": {\"qemu\": {\"major\": 9, \"minor\": 1, \"micro\": 0}}, "
                            + "\"capabilities\": []}}\n");
                    String caps = readLine(c);
                    String id = caps.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
                    send(c, "[1,2,3]\n{\"return\": {}, \"id\": \"" + id + "\"}\n");
                    String next = readLine(c);
                    String id2 = next.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
                    send(c, "{\"truncated\": \n{\"error\": {\"class\": \"GenericError\", \"desc\": \"nope\"}, \"id\": \"" + id2
                            + "\"}\n");
                    readLine(c);      /* a third command that is never answered: we hang up */
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            fake.start();
            try (QmpClient client = QmpClient.connect(sock, Duration.ofSeconds(10))) {
                assertEquals("9.1.0", client.qemuVersion());
                QmpException e = assertThrows(QmpException.class, () -> client.call("anything"));
                assertEquals("nope", e.description());
                IllegalStateException gone = assertThrows(IllegalStateException.class,
                        () -> client.call("hang", Map.of(), Duration.ofSeconds(10)));
                assertTrue(gone.getMessage().contains("closed"), gone.getMessage());
                assertTrue(client.malformedLines() >= 2, "counted: " + client.malformedLines());
            }
            fake.join(5000);
        } finally {
            for (Path p : List.of(sock, dir)) {
                Files.deleteIfExists(p);
            }
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
        assertThrows(IllegalArgumentException.class, () -> Registers.parse("garbage"));
    }
}
