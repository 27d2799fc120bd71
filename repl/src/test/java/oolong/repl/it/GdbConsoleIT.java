package oolong.repl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * /gdb as a user meets it: on the interactive REPL's pseudo-terminal, gdb gets the terminal (its
 * prompt, its line editing) and Ctrl-C, which interrupts the machine inside gdb and does not stop
 * the REPL's snippet underneath; after quit the REPL has its terminal back. And with the input
 * piped into a batch run, gdb reads its commands from that input.
 */
@Timeout(400)
class GdbConsoleIT {
    static final Duration WAIT = Duration.ofSeconds(90);
    static final Pattern PROMPT = Pattern.compile("oolong> $");
    static final Pattern GDB_PROMPT = Pattern.compile("\\(gdb\\) $");
    static final String IMAGES = Path.of(System.getProperty("oolong.images", "../boot/target/images")).toAbsolutePath().toString();

    @TempDir
    Path home;

    @Test
    void gdbOwnsTheTerminalAndCtrlCUntilItQuits() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        PseudoTerminal tty = PseudoTerminal.start(PseudoTerminal.quote(java.toString()) + " -Duser.home="
                + PseudoTerminal.quote(home.toString()) + " -cp " + PseudoTerminal.quote(System.getProperty("java.class.path"))
                + " oolong.repl.Main --images " + PseudoTerminal.quote(IMAGES), 160, 50, home);
        try {
            tty.awaitQuiet(0, PROMPT, Duration.ofMillis(500), Duration.ofSeconds(180));
            int m = tty.mark();
            tty.line("/gdb");
            tty.awaitQuiet(m, GDB_PROMPT, Duration.ofMillis(500), WAIT);
            m = tty.mark();
            tty.line("continue");
            tty.await(m, Pattern.compile("Continuing\\."), WAIT);
            Thread.sleep(2000);
            tty.ctrlC();
            tty.awaitQuiet(m, GDB_PROMPT, Duration.ofMillis(500), WAIT);
            assertTrue(tty.text(m).contains("SIGINT"), "gdb stopped the machine:\n" + tty.text(m));
            assertFalse(tty.text(m).contains("interrupted (Ctrl-C)"), "the REPL left its snippet running:\n" + tty.text(m));
            m = tty.mark();
            tty.line("bt 2");
            tty.await(m, Pattern.compile("#1 "), WAIT);
            tty.awaitQuiet(m, GDB_PROMPT, Duration.ofMillis(500), WAIT);
            m = tty.mark();
            tty.line("quit");
            tty.await(m, Pattern.compile("gdb exited \\(status 0\\); the machine is running"), WAIT);
            tty.awaitQuiet(m, PROMPT, Duration.ofMillis(500), WAIT);
            m = tty.mark();
            tty.line("k.ping() >= 0");
            tty.await(m, Pattern.compile("==> true"), WAIT);
            tty.awaitQuiet(m, PROMPT, Duration.ofMillis(500), WAIT);
            m = tty.mark();
            tty.line("/exit");
            assertTrue(tty.waitFor(Duration.ofSeconds(60)), "the REPL left:\n" + tty.text(m));
        } finally {
            tty.close();
        }
    }

    @Test
    void aBatchRunsGdbOnItsPipedInput() throws Exception {
        Path script = home.resolve("gdb.jsh");
        Files.writeString(script, "/gdb\nSystem.out.println(\"AFTER GDB \" + (k.ping() >= 0))\n");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"),
                "oolong.repl.Main", "--images", IMAGES, "run", script.toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("out.log").toFile()).start();
        try {
            p.getOutputStream().write("jmethods Processes.kil\nbt 1\nquit\n".getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            boolean finished = p.waitFor(240, TimeUnit.SECONDS);
            String out = Files.readString(home.resolve("out.log"));
            assertTrue(finished, out);
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("meth_okp_Processes_kill"), "gdb ran the piped jmethods:\n" + out);
            assertTrue(out.contains("#0 "), "and the piped bt:\n" + out);
            assertTrue(out.contains("gdb exited (status 0); the machine is running") && out.contains("AFTER GDB true"), out);
        } finally {
            if (p.isAlive()) {
                p.destroy();                /* the REPL's shutdown hook ends its QEMU */
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }
}
