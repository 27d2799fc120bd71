package oolong.repl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import oolong.qmp.VmConfig;
import oolong.repl.Session;
import oolong.repl.agent.AgentException;
import oolong.repl.api.Kernel;
import oolong.repl.api.Timeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scheduler policies swapped on the live kernel, measured by the CPU time they hand out. */
@Timeout(180)
class SchedIT {
    static Session session;
    static Kernel k;

    @BeforeAll
    static void boot() throws Exception {
        Path images = Path.of(System.getProperty("oolong.images", "../boot/target/images"));
        session = new Session(new VmConfig().kernel(images.resolve("kernel.elf"))
                .module(images.resolve("user.elf").toString()), null);
        session.boot();
        k = new Kernel(session::agent);
    }

    @AfterAll
    static void shutDown() {
        session.close();
    }

    static double[] shares(int[] pids, long ms) throws InterruptedException {
        long[] before = k.sched().cpu(pids);
        Thread.sleep(ms);
        long[] after = k.sched().cpu(pids);
        double total = 0;
        double[] d = new double[pids.length];
        for (int i = 0; i < pids.length; i++) {
            d[i] = after[i] - before[i];
            total += d[i];
        }
        for (int i = 0; i < pids.length; i++) {
            d[i] /= total;
        }
        return d;
    }

    @Test
    void strideFollowsTicketsAndRoundRobinEvensThemOut() throws Exception {
        int[] spins = {k.spawn("spin", "0", "q"), k.spawn("spin", "0", "q"), k.spawn("spin", "0", "q")};
        assertEquals("stride", k.sched().use("stride"));
        for (int i = 0; i < 3; i++) {
            k.sched().weight(spins[i], i + 1);
        }
        Thread.sleep(500);
        double[] s = shares(spins, 4000);
        for (int i = 0; i < 3; i++) {
            double expected = (i + 1) / 6.0;
            assertTrue(Math.abs(s[i] - expected) <= 0.1 * expected, "stride share " + i + ": " + s[i] + " vs " + expected);
        }
        assertEquals("round-robin", k.sched().use("round-robin"));
        Thread.sleep(300);
        double[] r = shares(spins, 3000);
        for (double x : r) {
            assertTrue(Math.abs(x - 1 / 3.0) <= 0.1 / 3.0, "round-robin share " + x);
        }
        Timeline t = k.sched().timeline();
        for (int pid : spins) {
            assertTrue(t.ticksByPid().getOrDefault(pid, 0L) > 50, t.toString());
        }
        Path svg = Files.createTempFile("timeline", ".svg");
        try {
            t.svg(svg);
            assertTrue(Files.readString(svg).contains("<rect"), "the SVG draws the runs");
        } finally {
            Files.deleteIfExists(svg);
        }
        for (int pid : spins) {
            k.kill(pid, 0);
        }
        assertEquals("seed", k.sched().use("seed"));
    }

    @Test
    void anUnknownPolicyIsAClearError() {
        AgentException e = assertThrows(AgentException.class, () -> k.sched().use("fastest"));
        assertTrue(e.getMessage().contains("built-ins: seed, round-robin, priority, lottery, stride"), e.getMessage());
    }
}
