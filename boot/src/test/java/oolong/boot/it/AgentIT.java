package oolong.boot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The kernel's agent over a real virtio-serial port in QEMU. Its answers are read with Jackson, not
 * with the kernel's own JSON code, so a frame the kernel writes wrongly fails here, including a
 * member written twice (the kernel's parser would keep the last one silently).
 */
@Timeout(180)
class AgentIT {
    static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    static Path dir;
    static Process qemu;
    static SocketChannel channel;
    static final StringBuilder pending = new StringBuilder();

    @BeforeAll
    static void boot() throws Exception {
        dir = Files.createTempDirectory("oolong-agent-it");
        Path socket = dir.resolve("agent.sock");
        qemu = new ProcessBuilder("qemu-system-x86_64", "-accel", "tcg", "-m", "256", "-display", "none", "-no-reboot",
                "-nic", "none", "-monitor", "none", "-serial", "file:" + dir.resolve("serial.log"),
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
                "-kernel", QemuRun.IMAGES.resolve("kernel.elf").toString(),
                "-initrd", QemuRun.IMAGES.resolve("user.elf").toString(),
                "-device", "virtio-serial-pci,id=vser0",
                "-chardev", "socket,id=agent,path=" + socket + ",server=on,wait=off",
                "-device", "virtserialport,bus=vser0.0,nr=1,chardev=agent,name=oolong.agent")
                .redirectErrorStream(true).redirectOutput(dir.resolve("qemu.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(socket)) {
            if (System.nanoTime() > deadline || !qemu.isAlive()) {
                throw new IllegalStateException("QEMU did not create the agent socket: " + Files.readString(dir.resolve("qemu.log")));
            }
            Thread.sleep(20);
        }
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
    }

    @AfterAll
    static void shutDown() throws Exception {
        if (channel != null) {
            channel.close();
        }
        if (qemu != null) {
            qemu.destroyForcibly();
            qemu.waitFor(10, TimeUnit.SECONDS);
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    static void send(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    /**
     * Reads n response lines (waiting up to 30 s). Events (objects with an "event" and no "id",
     * such as the exit of a process a test killed) are not responses and are skipped, so one
     * test's events cannot shift the next test's answers.
     */
    static List<JsonNode> read(int n) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        channel.configureBlocking(false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (out.size() < n) {
            int nl = pending.indexOf("\n");
            if (nl >= 0) {
                JsonNode m = JSON.readTree(pending.substring(0, nl));
                assertTrue(m.isObject(), "an answer is a JSON object: " + m);
                pending.delete(0, nl + 1);
                if (m.has("event") && !m.has("id")) {
                    continue;
                }
                out.add(m);
                continue;
            }
            buf.clear();
            int r = channel.read(buf);
            if (r < 0) {
                throw new IOException("the agent closed the connection");
            }
            if (r == 0) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no response after 30 s; have " + out.size() + " of " + n);
                }
                Thread.sleep(2);
                continue;
            }
            pending.append(new String(buf.array(), 0, r, StandardCharsets.UTF_8));
        }
        return out;
    }

    static JsonNode call(String json) throws Exception {
        send((json + "\n").getBytes(StandardCharsets.UTF_8));
        return read(1).get(0);
    }

    @Test
    void pingAndStats() throws Exception {
        JsonNode r = call("{\"id\":1,\"op\":\"ping\"}");
        assertTrue(r.path("id").isIntegralNumber(), r.toString());
        assertEquals(1L, r.path("id").asLong());
        assertEquals(JSON.readTree("{\"pong\":true}"), r.get("result"));
        JsonNode s = call("{\"id\":\"s\",\"op\":\"stats\"}");
        assertEquals("s", s.path("id").textValue(), "a string id comes back as a string");
        JsonNode stats = s.get("result");
        assertTrue(stats.path("uptime_ns").isIntegralNumber() && stats.path("uptime_ns").asLong() > 0, stats.toString());
        assertTrue(stats.path("gc").isObject() && stats.path("irqs").isArray(), stats.toString());
    }

    /**
     * Every GC pause is recorded: requests with a large ignored field (the kernel parses it into a
     * string, garbage at once) make the kernel collect a few times; the pause summary then covers
     * every collection and agrees with the running maximum.
     */
    @Test
    void gcPausesAreRecordedOneByOne() throws Exception {
        String padding = "x".repeat(40_000);
        JsonNode gc = call("{\"id\":0,\"op\":\"stats\"}").path("result").path("gc");
        long before = gc.path("collections").asLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (int i = 1; System.nanoTime() < deadline && gc.path("collections").asLong() < before + 3; i++) {
            gc = call("{\"id\":" + i + ",\"op\":\"stats\",\"pad\":\"" + padding + "\"}").path("result").path("gc");
        }
        long collections = gc.path("collections").asLong();
        assertTrue(collections >= before + 3, "the kernel did not collect: " + gc);
        JsonNode pauses = gc.path("pauses");
        assertEquals(Math.min(collections, pauses.path("ring").asLong()), pauses.path("recorded").asLong(), gc.toString());
        long p50 = pauses.path("p50_ns").asLong();
        long p99 = pauses.path("p99_ns").asLong();
        long max = pauses.path("max_ns").asLong();
        assertTrue(0 < p50 && p50 <= p99 && p99 <= max, gc.toString());
        assertEquals(gc.path("max_pause_ns").asLong(), max, "the ring's maximum is the running maximum: " + gc);
        long last = pauses.path("last_ns").asLong();
        assertTrue(last > 0 && last <= max, gc.toString());
    }

    @Test
    void thousandsOfHostileFramesLeaveTheChannelWorking() throws Exception {
        Random random = new Random(7);
        String[] hostile = {
            "{", "}", "[]", "null", "\"str\"", "{\"id\":1}", "{\"op\":\"ping\"}", "{\"id\":[],\"op\":\"ping\"}",
            "{\"id\":1,\"op\":\"kill\",\"pid\":\"x\"}", "{\"id\":1e400,\"op\":\"ping\"}", "{\"id\":99999999999999999999999,\"op\":\"ping\"}",
            "{\"id\":1,\"op\":\"" + "x".repeat(1000) + "\"}", "[".repeat(200), "{\"id\":1,\"op\":\"ping\",\"a\":" + "[".repeat(40) + "}",
            "\u0000\u0001\u0002", "{\"id\":1,\"op\":\"nope\"}", "{\"id\":-1,\"op\":\"stats\",\"extra\":{\"deep\":true}}",
        };
        int frames = 0;
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            String f;
            if (i % 3 == 0) {
                byte[] junk = new byte[random.nextInt(80)];
                random.nextBytes(junk);
                for (int k = 0; k < junk.length; k++) {
                    if (junk[k] == '\n') {
                        junk[k] = ' ';
                    }
                }
                f = new String(junk, StandardCharsets.ISO_8859_1);
            } else {
                f = hostile[random.nextInt(hostile.length)];
            }
            if (f.isBlank() || f.chars().allMatch(c -> c == '\r' || c == ' ')) {
                continue;      /* blank lines get no answer by design */
            }
            batch.append(f).append('\n');
            frames++;
            if (batch.length() > 8000) {
                send(batch.toString().getBytes(StandardCharsets.ISO_8859_1));
                batch.setLength(0);
            }
        }
        send(batch.toString().getBytes(StandardCharsets.ISO_8859_1));
        byte[] huge = new byte[100_000];
        java.util.Arrays.fill(huge, (byte) 'a');
        send(huge);
        send("\n".getBytes(StandardCharsets.UTF_8));
        frames++;
        List<JsonNode> answers = read(frames);
        assertEquals(frames, answers.size());
        assertTrue(answers.stream().allMatch(m -> m.path("ok").isBoolean()), "every frame gets a response");
        JsonNode last = answers.get(answers.size() - 1);
        assertEquals(false, last.path("ok").booleanValue());
        assertEquals("EFRAME", last.path("error").path("code").asText(), last.toString());
        assertEquals(JSON.readTree("{\"pong\":true}"), call("{\"id\":42,\"op\":\"ping\"}").get("result"));
    }

    /**
     * Issue 18: the agent answers whatever runs. A process spins in user mode (under the seed's
     * policy, which never preempts it: the kernel gets the CPU back only at timer ticks) while
     * hostile frames, a 100,000-byte line and pings arrive: every frame is answered in order, the
     * over-long line with EFRAME, each ping within a second, and the spin kept running meanwhile.
     */
    @Test
    void anOverLongLineAndHostileFramesWhileAProcessSpinsAreAllAnswered() throws Exception {
        JsonNode spawned = call("{\"id\":1,\"op\":\"spawn\",\"program\":\"spin\",\"args\":[\"0\",\"q\"]}");
        assertTrue(spawned.path("ok").asBoolean(), spawned.toString());
        int pid = spawned.path("result").path("pid").asInt();
        try {
            long cpuBefore = call("{\"id\":2,\"op\":\"proc\",\"pid\":" + pid + "}").path("result").path("cpu_us").asLong();
            StringBuilder frames = new StringBuilder();
            int expected = 0;
            for (int i = 0; i < 300; i++) {
                frames.append(i % 3 == 0 ? "{\"id\":" + (1000 + i) + ",\"op\":\"ping\"}" : i % 3 == 1 ? "{\"id\":\"x\"" : "[1,2]").append('\n');
                expected++;
            }
            byte[] huge = new byte[100_000];
            java.util.Arrays.fill(huge, (byte) '{');
            send(frames.toString().getBytes(StandardCharsets.UTF_8));
            send(huge);
            send("\n{\"id\":77,\"op\":\"ping\"}\n".getBytes(StandardCharsets.UTF_8));
            expected += 2;
            List<JsonNode> answers = read(expected);
            for (int i = 0; i < 300; i++) {
                JsonNode a = answers.get(i);
                if (i % 3 == 0) {
                    assertEquals(1000 + i, a.path("id").asInt(), a.toString());
                    assertTrue(a.path("ok").asBoolean(), a.toString());
                } else {
                    assertEquals(false, a.path("ok").booleanValue(), a.toString());
                }
            }
            assertEquals("EFRAME", answers.get(300).path("error").path("code").asText(), answers.get(300).toString());
            assertEquals(77, answers.get(301).path("id").asInt(), "the line after the over-long one is read whole");
            List<Double> rtt = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                long t0 = System.nanoTime();
                assertTrue(call("{\"id\":" + (5000 + i) + ",\"op\":\"ping\"}").path("ok").asBoolean());
                rtt.add((System.nanoTime() - t0) / 1e6);
            }
            rtt.sort(null);
            assertTrue(rtt.get(98) < 1000, "ping p99 with a process spinning: " + rtt.get(98) + " ms");
            JsonNode proc = call("{\"id\":3,\"op\":\"proc\",\"pid\":" + pid + "}").path("result");
            assertEquals("RUNNING", proc.path("state").asText(), proc.toString());
            assertTrue(proc.path("cpu_us").asLong() > cpuBefore, "the spin ran while the agent answered: " + proc);
        } finally {
            call("{\"id\":4,\"op\":\"kill\",\"pid\":" + pid + ",\"code\":0}");
        }
    }
}
