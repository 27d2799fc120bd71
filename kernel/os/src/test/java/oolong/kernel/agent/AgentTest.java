package oolong.kernel.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class AgentTest {
    final List<String> sent = new ArrayList<>();
    final Agent agent = new Agent((data, length) -> sent.add(new String(data, 0, length, StandardCharsets.UTF_8)));

    AgentTest() {
        agent.register("add", (req, out) -> out.value(req.integer("a") + req.integer("b", 0)));
        agent.register("boom", (req, out) -> {
            throw new IllegalStateException("kaput");
        });
        agent.register("echo", (req, out) -> out.value(req.string("text")));
    }

    private Map<String, Object> send(String line) throws Exception {
        sent.clear();
        byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
        agent.received(b, b.length);
        assertEquals(1, sent.size(), "exactly one response line for: " + line);
        assertTrue(sent.get(0).endsWith("\n"));
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.parse(sent.get(0).trim());
        return m;
    }

    @SuppressWarnings("unchecked")
    private static String code(Map<String, Object> response) {
        return (String) ((Map<String, Object>) response.get("error")).get("code");
    }

    @Test
    void answersWithTheRequestsId() throws Exception {
        Map<String, Object> r = send("{\"id\":7,\"op\":\"ping\"}");
        assertEquals(7L, r.get("id"));
        assertEquals(true, r.get("ok"));
        assertEquals(Map.of("pong", true), r.get("result"));
        assertEquals("abc", send("{\"id\":\"abc\",\"op\":\"add\",\"a\":2,\"b\":3}").get("id"));
        assertEquals(5L, send("{\"id\":1,\"op\":\"add\",\"a\":2,\"b\":3}").get("result"));
    }

    @Test
    void malformedFramesGetErrors() throws Exception {
        assertEquals("EPARSE", code(send("{\"id\":1,")));
        assertEquals("EPARSE", code(send("not json")));
        assertEquals("EPARSE", code(send("[1,2]")));
        assertEquals("EINVAL", code(send("{\"op\":\"ping\"}")));
        assertEquals("EINVAL", code(send("{\"id\":1.5,\"op\":\"ping\"}")));
        assertEquals("EINVAL", code(send("{\"id\":1,\"op\":42}")));
        assertEquals("ENOOP", code(send("{\"id\":1,\"op\":\"nope\"}")));
        Map<String, Object> r = send("{\"id\":2,\"op\":\"add\",\"a\":\"x\"}");
        assertEquals("EINVAL", code(r));
        assertEquals(2L, r.get("id"));
        assertEquals("EINVAL", code(send("{\"id\":3,\"op\":\"add\",\"a\":99999999999999999999}")));
        assertEquals("EINTERNAL", code(send("{\"id\":4,\"op\":\"boom\"}")));
    }

    @Test
    void blankAndWhitespaceOnlyLinesAreIgnored() throws Exception {
        sent.clear();
        byte[] b = "\n   \n\t \r\n \r\n".getBytes(StandardCharsets.UTF_8);
        agent.received(b, b.length);
        assertTrue(sent.isEmpty(), "no answer to blank lines: " + sent);
        assertEquals(0, agent.requests());
        assertEquals(0, agent.errors());
        assertEquals(true, send("  {\"id\":1,\"op\":\"ping\"}  ").get("ok"));
    }

    @Test
    void invalidUtf8IsRefused() throws Exception {
        sent.clear();
        byte[] bad = {'{', (byte) 0xC0, (byte) 0x80, '}', '\n'};
        agent.received(bad, bad.length);
        assertTrue(sent.get(0).contains("EPARSE") && sent.get(0).contains("UTF-8"), sent.get(0));
    }

    @Test
    void oversizedFramesAreDroppedAndTheChannelRecovers() throws Exception {
        sent.clear();
        byte[] big = new byte[Agent.MAX_FRAME + 10];
        java.util.Arrays.fill(big, (byte) 'x');
        agent.received(big, big.length);
        assertTrue(sent.isEmpty(), "no answer before the line ends");
        agent.received(new byte[] {'\n'}, 1);
        assertTrue(sent.get(0).contains("EFRAME"), sent.get(0));
        assertEquals(true, send("{\"id\":9,\"op\":\"ping\"}").get("ok"));
    }

    @Test
    void framesMaySplitAnywhere() throws Exception {
        sent.clear();
        byte[] b = "{\"id\":1,\"op\":\"echo\",\"text\":\"hé\"}\n{\"id\":2,\"op\":\"ping\"}\r\n".getBytes(StandardCharsets.UTF_8);
        for (byte x : b) {
            agent.received(new byte[] {x}, 1);
        }
        assertEquals(2, sent.size());
        assertTrue(sent.get(0).contains("\"result\":\"hé\""), sent.get(0));
    }

    @Property(tries = 2000)
    void garbageNeverBreaksTheChannel(@ForAll @Size(max = 300) byte[] garbage) throws Exception {
        sent.clear();
        agent.received(garbage, garbage.length);
        agent.received(new byte[] {'\n'}, 1);
        for (String line : sent) {
            Object parsed = Json.parse(line.trim());
            assertTrue(parsed instanceof Map, line);
        }
        assertEquals(true, send("{\"id\":1,\"op\":\"ping\"}").get("ok"));
    }

    @Property(tries = 1000)
    void stringsRoundTripThroughWriterAndParser(@ForAll String s) throws Exception {
        String json = new JsonWriter().value(s).toString();
        assertEquals(s, Json.parse(json));
    }
}
