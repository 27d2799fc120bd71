package oolong.boot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import oolong.kernel.agent.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The kernel's agent over a real virtio-serial port in QEMU. */
@Timeout(180)
class AgentIT {
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

    /** Reads n response lines (waiting up to 30 s). */
    static List<Map<String, Object>> read(int n) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        channel.configureBlocking(false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (out.size() < n) {
            int nl = pending.indexOf("\n");
            if (nl >= 0) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) Json.parse(pending.substring(0, nl));
                pending.delete(0, nl + 1);
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

    static Map<String, Object> call(String json) throws Exception {
        send((json + "\n").getBytes(StandardCharsets.UTF_8));
        return read(1).get(0);
    }

    @Test
    void pingAndStats() throws Exception {
        Map<String, Object> r = call("{\"id\":1,\"op\":\"ping\"}");
        assertEquals(1L, r.get("id"));
        assertEquals(Map.of("pong", true), r.get("result"));
        @SuppressWarnings("unchecked")
        Map<String, Object> stats = (Map<String, Object>) call("{\"id\":\"s\",\"op\":\"stats\"}").get("result");
        assertTrue((Long) stats.get("uptime_ns") > 0);
        assertTrue(stats.containsKey("gc") && stats.containsKey("irqs"), stats.toString());
    }

    /**
     * Every GC pause is recorded: requests with a large ignored field (the kernel parses it into a
     * string, garbage at once) make the kernel collect a few times; the pause summary then covers
     * every collection and agrees with the running maximum.
     */
    @Test
    @SuppressWarnings("unchecked")
    void gcPausesAreRecordedOneByOne() throws Exception {
        String padding = "x".repeat(40_000);
        Map<String, Object> gc = (Map<String, Object>) ((Map<String, Object>) call("{\"id\":0,\"op\":\"stats\"}")
                .get("result")).get("gc");
        long before = (Long) gc.get("collections");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (int i = 1; System.nanoTime() < deadline && (Long) gc.get("collections") < before + 3; i++) {
            gc = (Map<String, Object>) ((Map<String, Object>) call("{\"id\":" + i + ",\"op\":\"stats\",\"pad\":\""
                    + padding + "\"}").get("result")).get("gc");
        }
        long collections = (Long) gc.get("collections");
        assertTrue(collections >= before + 3, "the kernel did not collect: " + gc);
        Map<String, Object> pauses = (Map<String, Object>) gc.get("pauses");
        assertEquals(Math.min(collections, (Long) pauses.get("ring")), pauses.get("recorded"), gc.toString());
        long p50 = (Long) pauses.get("p50_ns");
        long p99 = (Long) pauses.get("p99_ns");
        long max = (Long) pauses.get("max_ns");
        assertTrue(0 < p50 && p50 <= p99 && p99 <= max, gc.toString());
        assertEquals(gc.get("max_pause_ns"), max, "the ring's maximum is the running maximum: " + gc);
        assertTrue((Long) pauses.get("last_ns") > 0 && (Long) pauses.get("last_ns") <= max, gc.toString());
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
        List<Map<String, Object>> answers = read(frames);
        assertEquals(frames, answers.size());
        assertTrue(answers.stream().allMatch(m -> m.containsKey("ok")), "every frame gets a response");
        Map<String, Object> last = answers.get(answers.size() - 1);
        assertEquals(false, last.get("ok"));
        assertTrue(last.toString().contains("EFRAME"), last.toString());
        assertEquals(Map.of("pong", true), call("{\"id\":42,\"op\":\"ping\"}").get("result"));
    }
}
