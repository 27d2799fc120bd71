package oolong.repl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import oolong.repl.session.Session;
import oolong.repl.api.GdbServer;
import oolong.repl.api.Kernel;
import oolong.repl.api.Machine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's gdb on the REPL's machine through QEMU's gdbstub, in batch mode: a breakpoint on a
 * Java method by name, triggered from the REPL, hit with Java names and Java source lines; then
 * gdb detaches and the kernel finishes the call.
 */
@Timeout(240)
class GdbIT {
    @TempDir
    Path dir;

    @Test
    void aBreakpointOnAJavaMethodIsHitWhenTheReplTriggersIt() throws Exception {
        try (Session session = LiveKernel.boot()) {
            Kernel k = new Kernel(session::agent);
            Machine vm = new Machine(session);
            int victim = k.spawn("sleeper", "100000");
            GdbServer server = vm.gdbserver();
            Path batch = dir.resolve("break.gdb");
            /* gdb buffers what it prints into a pipe: the marker is flushed so the test knows the breakpoint is set */
            Files.writeString(batch, "source " + server.script() + "\njbreak Processes.kill\n"
                    + "python print('BREAKPOINT SET'); gdb.flush()\ncontinue\nbt 6\nnext\ndetach\n");
            Process gdb = new ProcessBuilder("gdb", "-q", "-batch", "-x", batch.toString()).redirectErrorStream(true).start();
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> copy(gdb.getInputStream(), log));
            reader.start();
            try {
                LiveKernel.untilTrue(() -> log.toString(StandardCharsets.UTF_8).contains("BREAKPOINT SET"),
                        "gdb attached and set the breakpoint");
                CompletableFuture<JsonNode> kill = k.agent().send("kill", Map.of("pid", victim, "code", 5));
                assertTrue(gdb.waitFor(120, TimeUnit.SECONDS), "gdb finished:\n" + log);
                reader.join(5000);
                String out = log.toString(StandardCharsets.UTF_8);
                System.out.println(out);        /* the session, for docs/introspection.md's recipe */
                assertTrue(out.contains("Breakpoint 1, "), out);
                assertTrue(out.contains("oolong.kernel.proc.Processes.kill(Process, long)"), "Java names in bt:\n" + out);
                assertTrue(out.contains("Agent.java:"), "Java source lines in the frames:\n" + out);
                /* `next` stepped one line of Processes.kill: gdb printed its number and text, from the Java source */
                java.util.regex.Matcher stepped = java.util.regex.Pattern.compile("(?m)^(\\d+)\t(.*)$").matcher(
                        out.substring(out.indexOf("#0 ")));
                String line = null;
                while (stepped.find()) {
                    line = stepped.group(1) + "\t" + stepped.group(2);
                }
                assertTrue(line != null, "a stepped line:\n" + out);
                java.util.List<String> source = Files.readAllLines(Path.of(
                        "../kernel/os/src/main/java/oolong/kernel/proc/Processes.java"));
                int n = Integer.parseInt(line.substring(0, line.indexOf('\t')));
                assertEquals(source.get(n - 1), line.substring(line.indexOf('\t') + 1), "the stepped line is Java's:\n" + out);
                JsonNode result = kill.get(60, TimeUnit.SECONDS);
                assertEquals(victim, result.path("pid").asInt(), "the kill completes once gdb has detached: " + result);
                assertEquals(5, result.path("code").asInt(), "killed with the code the REPL gave: " + result);
                LiveKernel.until(k, () -> k.ps().pid(victim).map(p -> !p.alive()).orElse(true), "the victim is dead");
                assertEquals("running", vm.status());
            } finally {
                gdb.destroyForcibly();
            }
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    synchronized (out) {
                        out.write(b);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    synchronized (out) {
                        out.write(b, off, len);
                    }
                }
            });
        } catch (java.io.IOException e) {
            /* gdb ended */
        }
    }
}
