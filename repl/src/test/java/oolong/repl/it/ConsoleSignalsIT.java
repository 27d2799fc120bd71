package oolong.repl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive REPL on a real pseudo-terminal, as a user at a keyboard: Ctrl-C at the prompt,
 * during a snippet and during a blocked puppet call stops only what it should (the machine and
 * the puppet survive), and the end of the machine is announced above the prompt without a key
 * being pressed. One REPL (its own JVM and QEMU) for the whole class.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleSignalsIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final Pattern PROMPT = Pattern.compile("oolong> $");
    /** What the check line prints: whether the puppet lives, its state, and a ping's round trip. */
    static final Pattern CHECKED = Pattern.compile("PUPPET (true|false) (\\w+) PING (\\d+)");

    @TempDir
    static Path home;
    static PseudoTerminal tty;

    @BeforeAll
    static void startTheRepl() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String images = Path.of(System.getProperty("oolong.images", "../boot/target/images")).toAbsolutePath().toString();
        tty = PseudoTerminal.start(PseudoTerminal.quote(java.toString()) + " -Duser.home=" + PseudoTerminal.quote(home.toString())
                + " -cp " + PseudoTerminal.quote(System.getProperty("java.class.path")) + " oolong.repl.Main --images "
                + PseudoTerminal.quote(images), 140, 50, home);
        tty.awaitQuiet(0, PROMPT, Duration.ofMillis(500), Duration.ofSeconds(180));
        int m = tty.mark();
        tty.line("var p = k.puppet();");
        tty.await(m, Pattern.compile("puppet \\d+\\n"), WAIT);
        settle(m);
    }

    @AfterAll
    static void leave() throws Exception {
        if (tty != null) {
            tty.line("/exit");
            tty.waitFor(Duration.ofSeconds(30));
            tty.close();
        }
    }

    /** Types the check line; returns what it printed: the puppet alive, its state, a ping answered. */
    static Matcher check() throws Exception {
        int m = tty.mark();
        tty.line("System.out.println(\"PUPPET \" + k.ps().pid(p.pid()).map(i -> i.alive() + \" \" + i.state())"
                + ".orElse(\"false GONE\") + \" PING \" + k.ping())");
        Matcher r = tty.await(m, CHECKED, WAIT);
        settle(m);
        return r;
    }

    @Test
    @Order(1)
    void ctrlCAtThePromptClearsTheLine() throws Exception {
        int m = tty.mark();
        tty.type("int half = 1 +");
        tty.await(m, Pattern.compile("int half = 1 \\+"), WAIT);
        tty.ctrlC();
        settle(m);
        tty.line("1 + 1");
        tty.await(m, Pattern.compile("==> 2\\n"), WAIT);
        assertTrue(!tty.text(m).contains("int half = 1 +1 + 1"), "the line was dropped: " + tty.text(m));
        Matcher c = check();
        assertEquals("true", c.group(1), "the puppet lives");
    }

    @Test
    @Order(2)
    void ctrlCDuringASnippetStopsItAndSaysSo() throws Exception {
        int m = tty.mark();
        long t0 = System.nanoTime();
        tty.line("Thread.sleep(60000)");
        /* (the echo of a line with brackets is not awaited: JLine's blink-matching-paren redraws it) */
        Thread.sleep(3000);
        tty.ctrlC();
        tty.await(m, Pattern.compile("interrupted \\(Ctrl-C\\)"), WAIT);
        settle(m);
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(50).toNanos(), "the sleep did not run out");
        Matcher c = check();
        assertEquals("true", c.group(1), "the puppet lives");
    }

    @Test
    @Order(3)
    void ctrlCDuringABlockedPuppetReadStopsTheWaitAndThePuppetLives() throws Exception {
        int m = tty.mark();
        tty.line("int[] e = p.pipe();");
        settle(m);
        m = tty.mark();
        long t0 = System.nanoTime();
        tty.line("p.read(e[0], 10)");
        Thread.sleep(3000);         /* the puppet is now blocked in the kernel: nobody writes to the pipe */
        tty.ctrlC();
        tty.await(m, Pattern.compile("interrupted \\(Ctrl-C\\)"), WAIT);
        settle(m);
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(25).toNanos(), "stopped before the puppet call's own 30 s limit");
        Matcher c = check();
        assertEquals("true", c.group(1), "the puppet lives");
        assertEquals("WAITS4PIPE", c.group(2), "still in its read: the machine was not touched");
    }

    @Test
    @Order(4)
    void theEndOfTheMachineIsAnnouncedWithoutAKeyAndTheLineIsKept() throws Exception {
        ProcessHandle qemu = tty.processes().stream()
                .filter(p -> p.info().command().orElse("").contains("qemu-system")).findFirst().orElseThrow();
        int m = tty.mark();
        tty.type("k.pi");
        tty.await(m, Pattern.compile("k\\.pi"), WAIT);
        qemu.destroyForcibly();
        tty.await(m, Pattern.compile("\\*\\*\\* the machine has ended: QEMU was killed by signal 9 \\(SIGKILL\\)\\n"
                + "\\*\\*\\* /reboot starts a fresh machine; vm\\.restore\\(\"name\"\\) brings back a snapshot"), WAIT);
        tty.await(m, Pattern.compile("SIGKILL[\\s\\S]*oolong> k\\.pi$"), WAIT);
        tty.type("ng()\r");
        tty.await(m, Pattern.compile("the machine has ended: QEMU was killed by signal 9 \\(SIGKILL\\); /reboot"), WAIT);
        rebootAndWait();
    }

    @Test
    @Order(5)
    void theKernelShuttingDownIsAnnouncedWithItsReason() throws Exception {
        int m = tty.mark();
        tty.line("k.filicide(1); while (k.ps().size() > 1) Thread.sleep(20); k.kill(1, 5);");
        tty.await(m, Pattern.compile("\\*\\*\\* the machine has ended: the kernel shut down reporting a failure "
                + "\\(QEMU exit status 35\\); the console's last line: init exited with code 5; shutting down"), WAIT);
        settle(m);
        rebootAndWait();
    }

    @Test
    @Order(6)
    void aPanicReportIsPrintedOnce() throws Exception {
        int m = tty.mark();
        tty.line("var q = k.puppet();");
        settle(m);
        m = tty.mark();
        tty.line("k.kill(1, 0, true)");
        tty.await(m, Pattern.compile("kernel panic: init killed prematurely \\(it still has children\\)"), WAIT);
        tty.await(m, Pattern.compile("/reboot starts a fresh machine[^\\n]*\\n[\\s\\S]*oolong> $"), WAIT);
        Thread.sleep(1000);         /* anything printed late would be here now */
        String out = tty.text(m);
        assertEquals(1, count(out, "CPU registers at the panic"), out);
        assertEquals(1, count(out, "*** KERNEL PANIC: init killed prematurely"), out);
        rebootAndWait();
    }

    static void rebootAndWait() throws Exception {
        int m = tty.mark();
        settle(Math.max(0, m - 200));   /* the last step has printed all it will (its prompt too) */
        m = tty.mark();
        tty.ctrlC();                /* drops a half-typed line; then a fresh prompt */
        settle(m);
        m = tty.mark();
        tty.line("/reboot");
        tty.await(m, Pattern.compile("rebooted; k and vm now talk to the new machine"), WAIT);
        settle(m);
        m = tty.mark();
        tty.line("k.ping() > 0");
        tty.await(m, Pattern.compile("==> true\\n"), WAIT);
        settle(m);
        m = tty.mark();
        tty.line("var p = k.puppet();");
        tty.await(m, Pattern.compile("puppet \\d+\\n"), WAIT);
        settle(m);
    }

    /** Waits until the console has printed its prompt (after the mark) and nothing more for half a second. */
    static void settle(int mark) throws Exception {
        tty.awaitQuiet(mark, PROMPT, Duration.ofMillis(500), WAIT);
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
