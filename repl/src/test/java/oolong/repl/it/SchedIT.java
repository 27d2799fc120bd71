package oolong.repl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import oolong.repl.session.Session;
import oolong.repl.agent.AgentException;
import oolong.repl.api.Kernel;
import oolong.repl.api.Sched;
import oolong.repl.api.Timeline;
import oolong.api.sched.Policy;
import oolong.api.sched.RunQueue;
import oolong.kernel.sched.LotteryPolicy;
import oolong.kernel.sched.PolicyBench;
import oolong.kernel.sched.PriorityPolicy;
import oolong.kernel.sched.RoundRobinPolicy;
import oolong.kernel.sched.SeedPolicy;
import oolong.kernel.sched.StridePolicy;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        session = LiveKernel.boot();
        k = new Kernel(session::agent);
    }

    @AfterAll
    static void shutDown() {
        session.close();
    }

    /**
     * CPU shares over `ms`, measured again once if they miss the expected ones by more than 10%:
     * CPU time is taken from the guest's clock, and a busy host that deschedules QEMU's vCPU
     * thread charges the whole gap to whichever process was running. A wrong policy misses twice.
     */
    static double[] sharesNear(int[] pids, double[] expected, long ms) throws InterruptedException {
        double[] s = shares(pids, ms);
        for (int i = 0; i < pids.length; i++) {
            if (Math.abs(s[i] - expected[i]) > 0.1 * expected[i]) {
                System.out.println("shares " + java.util.Arrays.toString(s) + " missed; measuring again");
                return shares(pids, ms);
            }
        }
        return s;
    }

    /**
     * Each process's share of the policy's picks over {@code ms}. Picks, not CPU time: a spin runs one
     * tick per pick, and the count is what stride and round robin decide, while CPU time also takes in
     * whatever the host's scheduler does to QEMU on a busy machine.
     */
    static double[] shares(int[] pids, long ms) throws InterruptedException {
        long[] before = runs(pids);
        Thread.sleep(ms);
        long[] after = runs(pids);
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

    static long[] runs(int[] pids) {
        Map<Integer, Sched.CpuStat> s = k.sched().stats();
        long[] out = new long[pids.length];
        for (int i = 0; i < pids.length; i++) {
            Sched.CpuStat v = s.get(pids[i]);
            out[i] = v == null ? 0 : v.runs();
        }
        return out;
    }

    /**
     * Ends a test's spins and goes back to the seed policy, whether the test passed or not: the
     * kernel is shared by the class, and a test that failed half-way must not leave three CPU hogs
     * and its policy to the next.
     */
    static void cleanUp(int[] spins) {
        for (int pid : spins) {
            try {
                k.kill(pid, 0);
            } catch (RuntimeException e) {
                /* gone already */
            }
        }
        k.sched().use("seed");
    }

    @Test
    void strideFollowsTicketsAndRoundRobinEvensThemOut() throws Exception {
        int[] spins = {k.spawn("spin", "0", "q"), k.spawn("spin", "0", "q"), k.spawn("spin", "0", "q")};
        try {
            assertEquals("stride", k.sched().use("stride"));
            for (int i = 0; i < 3; i++) {
                k.sched().weight(spins[i], i + 1);
            }
            Thread.sleep(500);
            double[] s = sharesNear(spins, new double[] {1 / 6.0, 2 / 6.0, 3 / 6.0}, 4000);
            for (int i = 0; i < 3; i++) {
                double expected = (i + 1) / 6.0;
                assertTrue(Math.abs(s[i] - expected) <= 0.1 * expected, "stride share " + i + ": " + s[i] + " vs " + expected);
            }
            assertEquals("round-robin", k.sched().use("round-robin"));
            Thread.sleep(300);
            double[] r = sharesNear(spins, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, 3000);
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
        } finally {
            cleanUp(spins);
        }
    }

    @Test
    void anUnknownPolicyIsAClearError() {
        AgentException e = assertThrows(AgentException.class, () -> k.sched().use("fastest"));
        assertTrue(e.getMessage().contains("built-ins: seed, round-robin, priority, lottery, stride"), e.getMessage());
    }

    /** Stride scheduling written as a REPL user would, run by the kernel's interpreter. */
    public static final class TicketStride implements Policy {
        static final long BIG = 1L << 20;

        @Override
        public int pick(RunQueue q) {
            int best = -1;
            for (int i = 0; i < q.size(); i++) {
                if (q.scratch(i, 0) == 0) {
                    q.setScratch(i, 0, q.global(0) + BIG / q.weight(i));
                }
                if (best < 0 || q.scratch(i, 0) < q.scratch(best, 0)) {
                    best = i;
                }
            }
            q.setGlobal(0, q.scratch(best, 0));
            q.setScratch(best, 0, q.scratch(best, 0) + BIG / q.weight(best));
            return best;
        }
    }

    /** Never decides. */
    public static final class EndlessLoop implements Policy {
        @Override
        @SuppressWarnings("InfiniteLoopStatement")
        public int pick(RunQueue q) {
            long n = 0;
            while (true) {
                n += q.size();
            }
        }
    }

    /** Reads the clock directly, which policies may not. */
    public static final class Clocked implements Policy {
        @Override
        public int pick(RunQueue q) {
            return (int) (System.nanoTime() % q.size());
        }
    }

    @Test
    void anInterpretedPolicyFollowsTicketsAndAHostileOneFallsBackWhileEverythingKeepsRunning() throws Exception {
        int[] spins = {k.spawn("spin", "0", "q"), k.spawn("spin", "0", "q"), k.spawn("spin", "0", "q")};
        try {
            for (int i = 0; i < 3; i++) {
                k.sched().weight(spins[i], i + 1);
            }
            assertEquals("TicketStride", k.sched().install(TicketStride.class, 0, "interpreted"));
            Thread.sleep(500);
            double[] s = sharesNear(spins, new double[] {1 / 6.0, 2 / 6.0, 3 / 6.0}, 4000);
            for (int i = 0; i < 3; i++) {
                double expected = (i + 1) / 6.0;
                assertTrue(Math.abs(s[i] - expected) <= 0.1 * expected, "interpreted stride share " + i + ": " + s[i]);
            }
            oolong.repl.api.SchedState info = k.sched().info();
            assertTrue(info.path("interpreted").asBoolean(), info.toString());
            assertTrue(info.path("first_decision_delay_ns").asLong() >= 0, info.toString());
            assertTrue(info.path("last_instructions").asLong() > 0, info.toString());
            double rate = k.sched().decisionsPerSecond();
            assertTrue(rate > 10 && rate < 100_000, "decisions per second with three spinning processes: " + rate);
            assertTrue(k.sched().toString().contains("TicketStride (interpreted)"), k.sched().toString());

            /* the same class compiled (the default): it runs, says so, and counts the interpreter's instructions */
            assertEquals("TicketStride", k.sched().install(TicketStride.class));
            Thread.sleep(300);
            oolong.repl.api.SchedState jitted = k.sched().info();
            assertTrue(jitted.compiled() && !jitted.interpreted(), jitted.toString());
            assertTrue(jitted.compileNanos() > 0 && jitted.codeBytes() > 0, jitted.toString());
            assertTrue(jitted.policyDecisions() > 0 && jitted.lastInstructions() > 0, jitted.toString());
            assertTrue(k.sched().toString().contains("TicketStride (compiled)"), k.sched().toString());
            /* the switch: off, an install is interpreted, and says why; on again, compiled */
            assertTrue(!k.sched().jit(false).path("jit").asBoolean());
            k.sched().install(TicketStride.class);
            assertTrue(k.sched().info().interpreted(), k.sched().info().toString());
            assertEquals("interpreted as asked", k.sched().info().path("jit_note").asText());
            assertTrue(k.sched().jit(true).path("jit").asBoolean());
            k.sched().install(TicketStride.class);
            assertTrue(k.sched().info().compiled(), k.sched().info().toString());

            IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
                    () -> k.sched().install(Clocked.class));
            assertTrue(rejected.getMessage().contains("calls java.lang.System.nanoTime"), rejected.getMessage());
            assertEquals("TicketStride", k.sched().policy());

            k.takeNotices();
            long fallbacksBefore = info.path("fallbacks").asLong();
            assertEquals("EndlessLoop", k.sched().install(EndlessLoop.class, 5000));     /* compiled: the same fallback */
            long deadline = System.currentTimeMillis() + 10_000;
            while (!k.sched().policy().equals("TicketStride") && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            info = k.sched().info();
            assertEquals("TicketStride", info.path("policy").asText(), "the previous policy is back: " + info);
            assertEquals(fallbacksBefore + 1, info.path("fallbacks").asLong());
            assertTrue(info.path("last_fallback").asText().contains("used up its budget of 5000 instructions"), info.toString());
            Thread.sleep(300);
            List<String> notices = k.takeNotices();
            assertTrue(notices.stream().anyMatch(n -> n.startsWith("scheduler: EndlessLoop removed, back to TicketStride:")
                    && n.contains("budget")), notices.toString());

            long[] before = k.sched().cpu(spins);
            Thread.sleep(1500);
            long[] after = k.sched().cpu(spins);
            for (int i = 0; i < 3; i++) {
                assertTrue(after[i] > before[i], "spin " + spins[i] + " keeps running after the fallback");
            }
        } finally {
            cleanUp(spins);
        }
    }

    @Test
    void theKernelsInterpreterAgreesWithTheCompiledBuiltInsDecisionByDecision() {
        Map<String, Class<? extends Policy>> builtIns = new LinkedHashMap<>();
        builtIns.put("seed", SeedPolicy.class);
        builtIns.put("round-robin", RoundRobinPolicy.class);
        builtIns.put("priority", PriorityPolicy.class);
        builtIns.put("lottery", LotteryPolicy.class);
        builtIns.put("stride", StridePolicy.class);
        for (Map.Entry<String, Class<? extends Policy>> e : builtIns.entrySet()) {
            for (int runnable : new int[] {8, 64}) {
                Sched.Bench interpreted = interpretedBench(e.getValue(), runnable);
                int decisions = (int) interpreted.decisions();
                Sched.Bench compiled = k.sched().bench(e.getKey(), runnable, decisions);
                assertTrue(interpreted.interpreted() && !compiled.interpreted());
                assertEquals(512, compiled.trace().size());
                assertEquals(compiled.trace(), interpreted.trace(), e.getKey() + " with " + runnable);
                assertEquals(compiled.picks(), interpreted.picks(), e.getKey() + " with " + runnable);
                Sched.Bench jitted;
                try {
                    jitted = k.sched().bench(e.getValue(), runnable, decisions, "compiled");
                } catch (AgentException refused) {
                    /* a busy host slowed the guest below the 5 s limit: the first 512 decisions still decide */
                    jitted = k.sched().bench(e.getValue(), runnable, 512, "compiled");
                }
                assertTrue(jitted.compiled() && !jitted.interpreted(), jitted.toString());
                assertEquals(compiled.trace(), jitted.trace(), e.getKey() + " with " + runnable + ": JIT-compiled class file");
                if (jitted.decisions() == decisions) {
                    assertEquals(compiled.picks(), jitted.picks(), e.getKey() + " with " + runnable + ": JIT-compiled class file");
                    assertEquals(interpreted.instructions(), jitted.instructions(), e.getKey() + " with " + runnable
                            + ": instructions of the last decision");
                }
                assertEquals(hostTrace(e.getValue(), runnable, decisions), interpreted.trace(),
                        e.getKey() + " with " + runnable + ": the host JVM decides the same");
            }
        }
        for (int runnable : new int[] {8, 64}) {
            Sched.Bench interpreted = interpretedBench(TicketStride.class, runnable);
            assertEquals(hostTrace(TicketStride.class, runnable, (int) interpreted.decisions()), interpreted.trace(),
                    "TicketStride with " + runnable + ": kernel interpreter and host JVM");
        }
        AgentException bad = assertThrows(AgentException.class, () -> k.sched().bench(EndlessLoop.class, 8, 10));
        assertTrue(bad.getMessage().contains("used up its budget"), bad.getMessage());
    }

    /**
     * An interpreted benchmark of 3000 decisions, or, when the kernel estimates that at more than
     * its 5 s limit (a busy host slows the guest), of half the number it says it would run (at
     * least the trace's 512). The compiled run and the host's then use the same number.
     */
    static Sched.Bench interpretedBench(Class<? extends Policy> c, int runnable) {
        try {
            return k.sched().bench(c, runnable, 3000, "interpreted");
        } catch (AgentException refused) {
            java.util.regex.Matcher most = java.util.regex.Pattern.compile("ask for at most (\\d+) decisions")
                    .matcher(refused.getMessage());
            assertTrue(most.find(), refused.getMessage());
            int decisions = Math.max(512, Integer.parseInt(most.group(1)) / 2);
            System.out.println(c.getSimpleName() + " with " + runnable + ": " + refused.getMessage() + "; running " + decisions);
            return k.sched().bench(c, runnable, decisions, "interpreted");
        }
    }

    /** The same synthetic run as the kernel's `sched bench`, on the host JVM with the same code. */
    static List<Integer> hostTrace(Class<? extends Policy> c, int runnable, int decisions) {
        try {
            PolicyBench.Result r = PolicyBench.run(c.getDeclaredConstructor().newInstance(), c.getSimpleName(), runnable,
                    decisions);
            List<Integer> out = new java.util.ArrayList<>();
            for (int t : r.trace) {
                out.add(t);
            }
            return out;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
