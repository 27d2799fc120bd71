package oolong.repl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import oolong.api.sched.Policy;
import oolong.api.sched.RunQueue;
import oolong.repl.session.Session;
import oolong.repl.api.Kernel;
import oolong.repl.api.SchedState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The docs' Fair policy after an imbalance: a process that has run for seconds and a new one. The
 * first version of the example (always the least CPU time) runs only the newcomer until it catches
 * up, the old process waits longer than the watchdog allows and the kernel throws the policy out.
 * The example as docs/scheduler.md now shows it also runs whoever has waited 50 ticks, and stays.
 */
@Timeout(300)
class FairExampleIT {
    static Session session;
    static Kernel k;

    @BeforeAll
    static void boot() throws Exception {
        session = LiveKernel.boot();
        k = new Kernel(session::agent);
    }

    @AfterAll
    static void shutDown() {
        session.close();
    }

    /** The example as docs/scheduler.md first showed it. */
    public static final class LeastCpuFirst implements Policy {
        @Override
        public int pick(RunQueue q) {
            int best = 0;
            for (int i = 1; i < q.size(); i++) {
                if (q.cpuMicros(i) < q.cpuMicros(best)) {
                    best = i;
                }
            }
            return best;
        }
    }

    /** The example as docs/scheduler.md shows it now (the same text). */
    public static final class Fair implements Policy {
        public int pick(RunQueue q) {
            int best = 0;
            for (int i = 0; i < q.size(); i++) {
                if (q.sinceRun(i) >= 50) return i;      // nobody waits longer than 50 ticks
                if (q.cpuMicros(i) < q.cpuMicros(best)) best = i;
            }
            return best;
        }
    }

    /** Lets a lone spinner run until it has used this much CPU (in microseconds). */
    static void runAlone(int pid, long micros) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;       /* a loaded host runs the guest slowly */
        while (k.sched().cpu(pid)[0] < micros) {
            assertTrue(System.nanoTime() < deadline, "pid " + pid + " did not run " + micros / 1000 + " ms\n" + k.ps());
            Thread.sleep(200);
        }
    }

    @Test
    void fairAfterAnImbalance() throws Exception {
        long imbalance = 8_000_000;     /* well over the watchdog's limit (1 s plus 10 ticks per runnable process) */
        k.sched().use("round-robin");
        int old = k.spawn("spin", "0", "q");
        runAlone(old, imbalance);

        int newcomer = k.spawn("spin", "0", "q");
        long fallbacks = k.sched().info().fallbacks();
        assertEquals("LeastCpuFirst", k.sched().install(LeastCpuFirst.class));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (k.sched().policy().equals("LeastCpuFirst") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        SchedState s = k.sched().info();
        assertEquals("round-robin", s.policy(), "the first example is thrown out: " + s);
        assertEquals(fallbacks + 1, s.fallbacks());
        assertTrue(s.lastFallback().contains("watchdog: pid " + old), s.lastFallback());

        /* a new imbalance of the same size: a third spinner against two that have run for seconds */
        int third = k.spawn("spin", "0", "q");
        long[] before = k.sched().cpu(old, newcomer, third);
        assertEquals("Fair", k.sched().install(Fair.class));
        Thread.sleep(10_000);
        long[] after = k.sched().cpu(old, newcomer, third);
        s = k.sched().info();
        assertEquals("Fair", s.policy(), "Fair stays: " + s);
        assertEquals(fallbacks + 1, s.fallbacks(), s.toString());
        long[] used = {after[0] - before[0], after[1] - before[1], after[2] - before[2]};
        assertTrue(used[2] > used[0] && used[2] > used[1], "the newcomer catches up: " + java.util.Arrays.toString(used));
        assertTrue(used[0] > 0 && used[1] > 0, "and the others still run: " + java.util.Arrays.toString(used));
        k.sched().use("seed");
        k.kill(old, 0);
        k.kill(newcomer, 0);
        k.kill(third, 0);
    }
}
