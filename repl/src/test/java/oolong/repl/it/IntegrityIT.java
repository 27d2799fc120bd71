package oolong.repl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import oolong.api.ForkFlags;
import oolong.api.sched.vm.PolicyBudget;
import oolong.api.sched.vm.PolicyInterpreter;
import oolong.api.sched.vm.PolicyVerifier;
import oolong.kernel.sched.PolicyBench;
import oolong.repl.session.Session;
import oolong.repl.agent.AgentException;
import oolong.repl.api.PuppetReply;
import oolong.repl.api.Kernel;
import oolong.repl.api.Puppet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Integrity whatever a policy does (issue 18): admissible policies that hog the CPU in every way
 * the verifier lets through never starve the agent, are thrown out for the right reason when they
 * starve a process or spend too much of the CPU deciding, and give way within a second when the
 * user swaps them out; plus the smaller defects that need a live kernel. One boot for all of it.
 */
@Timeout(600)
class IntegrityIT {
    /**
     * The agent's ping p99 under any hog. Structurally a ping waits for at most one decision (at
     * most ~2 ms at the largest budget) and the request's own handling; the rest is the host,
     * which here is shared by other QEMUs and JVMs (docs/scheduler.md, "What the agent is promised").
     * The defects this guards against kept pings waiting for 3 to 56 s; a host at load 10 has
     * stalled one run's p99 to 143 ms on its own, so the bound leaves room for that.
     */
    static final long PING_P99_BOUND_MS = 250;

    /**
     * The bound a run's ping p99 is held to: {@link #PING_P99_BOUND_MS} plus twice the p99 of pings
     * measured just before, in the same boot, under round robin with the same spins. On a quiet
     * host that anchor is a few milliseconds; on an overloaded one it grows with what the host
     * (not the kernel) adds, so the test keeps failing a policy that makes the agent wait for
     * seconds without failing the host's own stalls.
     */
    static double pingBound(double anchorP99) {
        return PING_P99_BOUND_MS + 2 * anchorP99;
    }

    /** The anchor: ping p99 over a second under round robin (the caller has installed it). */
    static double anchorP99() throws InterruptedException {
        return percentile(pings(1000, () -> false), 0.99);
    }
    /** A swap takes effect (the new policy's first decision) within this, from the REPL call. */
    static final long SWAP_BOUND_MS = 1000;
    /** How long each hog runs while pings are measured. */
    static final long HOG_MILLIS = 1500;

    static Session session;
    static Kernel k;
    static int[] spins;
    static Path compiled;
    static URLClassLoader generated;

    @BeforeAll
    static void boot() throws Exception {
        session = LiveKernel.boot();
        k = new Kernel(session::agent);
        k.sched().use("round-robin");
        spins = new int[] {k.spawn("spin", "0", "q"), k.spawn("spin", "0", "q")};
        compiled = Files.createTempDirectory("oolong-hogs");
        generated = HogPolicies.compileSwitchHogs(compiled);
    }

    @AfterAll
    static void shutDown() throws IOException {
        try {
            if (session != null) {
                session.close();
            }
        } finally {
            if (generated != null) {
                generated.close();
            }
            if (compiled != null) {
                try (var files = Files.walk(compiled)) {
                    for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    @BeforeEach
    void fairAndDefaultLimits() {
        k.sched().use("round-robin");
        k.sched().cpuLimit(50);
        k.sched().watchdog(1000);
        k.sched().maxSlice(100);
        k.takeNotices();
    }

    static Class<?> generatedClass(String name) {
        try {
            return generated.loadClass(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Instructions one decision of the policy takes, counted by the same interpreter on the host. */
    static long instructionsOnTheHost(Class<?> c) throws IOException {
        byte[] bytes;
        try (var in = c.getResourceAsStream("/" + c.getName().replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        PolicyInterpreter p = new PolicyInterpreter(PolicyVerifier.verify(bytes));
        p.setBudget(1_000_000);
        PolicyBench.run(p, c.getSimpleName(), 3, 3);
        return p.lastInstructions();
    }

    /**
     * Pings for `millis` (or until `stop` says so), 2 ms apart: their round trips in ms. The pause
     * keeps the agent's own work (~0.2 ms of kernel time a ping) from diluting what the policy takes.
     */
    static List<Double> pings(long millis, java.util.function.BooleanSupplier stop) throws InterruptedException {
        List<Double> out = new ArrayList<>();
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline && !(out.size() % 10 == 9 && stop.getAsBoolean())) {
            long t0 = System.nanoTime();
            k.ping();
            out.add((System.nanoTime() - t0) / 1e6);
            Thread.sleep(2);
        }
        return out;
    }

    static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    /** Time from a swap's REPL call to the new policy's first decision, in ms. */
    static double swapToRoundRobin() {
        long t0 = System.nanoTime();
        assertEquals("round-robin", k.sched().use("round-robin"));
        while (k.sched().info().path("first_decision_delay_ns").asLong() < 0) {
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "round robin never decided");
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    /** One hog: its class, budget (0: the default), and why the kernel must throw it out (null: it stays). */
    record Hog(Class<?> policy, long budget, boolean nearBudget, String removedFor) {
        String name() {
            return policy.getSimpleName();
        }
    }

    @Test
    void tenAdmissibleCpuHogsNeverStarveTheAgentAndGoWhenTheyMust() throws Exception {
        List<Hog> hogs = List.of(
                new Hog(HogPolicies.Loop2k.class, 2_000, true, null),
                new Hog(HogPolicies.Loop10k.class, 0, true, null),
                new Hog(HogPolicies.Loop20k.class, PolicyBudget.MAX, true, null),
                new Hog(HogPolicies.DeepRecursion.class, PolicyBudget.MAX, true, null),
                new Hog(HogPolicies.QueueCalls.class, PolicyBudget.MAX, true, null),
                new Hog(generatedClass("SparseSwitch"), PolicyBudget.MAX, true, null),
                new Hog(generatedClass("DenseSwitch"), PolicyBudget.MAX, true, null),
                new Hog(HogPolicies.LongSlices.class, 0, false, null),
                new Hog(HogPolicies.StarvesAfter50.class, 0, false, "watchdog: pid "),
                new Hog(HogPolicies.DecidesOften.class, PolicyBudget.MAX, false, "% of the CPU deciding"));
        StringBuilder report = new StringBuilder();
        for (Hog h : hogs) {
            fairAndDefaultLimits();
            double anchor = anchorP99();
            long budget = h.budget() == 0 ? PolicyBudget.DEFAULT : h.budget();
            if (h.nearBudget()) {
                long used = instructionsOnTheHost(h.policy());
                assertTrue(used >= 0.85 * budget && used <= budget, h.name() + " takes " + used + " of " + budget
                        + " instructions per decision: not near its budget");
            }
            List<Integer> yielders = new ArrayList<>();
            if (h.policy() == HogPolicies.DecidesOften.class) {
                k.sched().watchdog(0);        /* it starves the spins too; here only its CPU share is under test */
                for (int i = 0; i < 4; i++) {
                    yielders.add(k.spawn("sleeper", "0", "2000000000"));
                }
            }
            long[] cpuBefore = k.sched().cpu(spins);
            long fallbacksBefore = k.sched().info().path("fallbacks").asLong();
            long installed = System.nanoTime();
            /* interpreted: the costliest way an admissible policy can run (compiled, the same hog decides several times faster) */
            assertEquals(h.name(), k.sched().install(h.policy(), h.budget(), "interpreted"));
            List<Double> rtt = pings(h.removedFor() == null ? HOG_MILLIS : 20_000,
                    () -> !k.sched().policy().equals(h.name()));
            double removedAfterMs = (System.nanoTime() - installed) / 1e6;
            var info = k.sched().info();
            long[] cpuAfter = k.sched().cpu(spins);
            double p50 = percentile(rtt, 0.50);
            double p99 = percentile(rtt, 0.99);
            String line = String.format("%-16s budget %6d: %4d pings, p50 %6.2f ms, p99 %7.2f ms (anchor %.2f ms), last decision %5d instructions",
                    h.name(), budget, rtt.size(), p50, p99, anchor, info.path("last_instructions").asLong());
            if (h.removedFor() == null) {
                assertEquals(h.name(), info.path("policy").asText(), h.name() + " was thrown out: " + info.path("last_fallback"));
                assertEquals(fallbacksBefore, info.path("fallbacks").asLong());
                if (h.nearBudget()) {
                    long last = info.path("last_instructions").asLong();
                    assertTrue(last >= 0.85 * budget && last <= budget, h.name() + " in the kernel: " + last + " instructions");
                }
                double swap = swapToRoundRobin();
                line += String.format(", CPU share %d%%, swap to round robin %.1f ms", info.path("cpu_share_percent").asLong(), swap);
                assertTrue(swap <= SWAP_BOUND_MS, h.name() + ": the swap took " + swap + " ms");
            } else {
                assertEquals("round-robin", info.path("policy").asText(), h.name() + " was not thrown out: " + info);
                assertEquals(fallbacksBefore + 1, info.path("fallbacks").asLong());
                String why = info.path("last_fallback").asText();
                assertTrue(why.startsWith(h.name() + " removed: ") && why.contains(h.removedFor()), h.name() + ": " + why);
                List<String> notices = k.takeNotices();
                assertTrue(notices.stream().anyMatch(n -> n.startsWith("scheduler: " + h.name() + " removed, back to round-robin: ")
                        && n.contains(h.removedFor())), notices.toString());
                line += String.format(", removed after %.0f ms: %s", removedAfterMs, why);
            }
            report.append(line).append('\n');
            System.out.println(line);
            assertTrue(p99 <= pingBound(anchor), h.name() + ": ping p99 " + p99 + " ms, above " + pingBound(anchor)
                    + " ms (round robin's p99 just before: " + anchor + " ms)\n" + report);
            for (int pid : yielders) {
                k.kill(pid, 0);
            }
            if (h.policy() == HogPolicies.StarvesAfter50.class) {
                /* kernel time, so a host that slows QEMU down does not blur it: thrown out once the wait passed
                   the limit (1 s + 10 ticks x 2 runnable), at the next decision (every tick here; 500 ms of slack for lost ticks) */
                Matcher m = Pattern.compile("watchdog: pid (\\d+) was runnable but did not run for (\\d+) ms \\(the limit is (\\d+) ms")
                        .matcher(info.path("last_fallback").asText());
                assertTrue(m.find(), info.path("last_fallback").asText());
                int starved = Integer.parseInt(m.group(1));
                assertTrue(starved == spins[0] || starved == spins[1], "the starved process is a spin: " + starved);
                long waited = Long.parseLong(m.group(2));
                long limit = Long.parseLong(m.group(3));
                assertEquals(1200, limit);
                /* the message truncates to whole ms: a wait of 1200.4 ms passed the limit and reads 1200 */
                assertTrue(waited >= limit && waited <= limit + 500, "removed as soon as the wait passed the limit: " + waited);
            }
            if (h.policy() == HogPolicies.DecidesOften.class) {
                Matcher m = Pattern.compile("used (\\d+)\\.(\\d)% of the CPU deciding over the last 1000 ms \\(the limit is 50%\\)")
                        .matcher(info.path("last_fallback").asText());
                assertTrue(m.find(), info.path("last_fallback").asText());
                assertTrue(Integer.parseInt(m.group(1)) >= 50, info.path("last_fallback").asText());
            }
            if (h.policy() == HogPolicies.LongSlices.class) {
                double a = cpuAfter[0] - cpuBefore[0];
                double b = cpuAfter[1] - cpuBefore[1];
                assertTrue(Math.min(a, b) >= 0.2 * (a + b), "with 1000-tick slices both spins still share the CPU: "
                        + a / 1000 + " ms and " + b / 1000 + " ms");
            } else if (h.policy() != HogPolicies.DecidesOften.class) {
                assertTrue(cpuAfter[0] > cpuBefore[0] && cpuAfter[1] > cpuBefore[1], h.name() + ": both spins ran");
            }
        }
        assertTrue(k.check().ok());
    }

    @Test
    void theBudgetThatStarvedTheAgentIsRefusedByTheReplAndByTheKernel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> k.sched().install(HogPolicies.MillionLoop.class, 10_000_000));
        assertTrue(e.getMessage().contains("budget must be 100..20000"), e.getMessage());
        String base64 = java.util.Base64.getEncoder().encodeToString(classBytes(HogPolicies.MillionLoop.class));
        AgentException refused = assertThrows(AgentException.class, () -> k.agent().call("sched",
                Map.of("action", "install", "class", base64, "budget", 10_000_000)));
        assertTrue(refused.getMessage().startsWith("EINVAL") && refused.getMessage().contains("100..20000 instructions per decision at 100 Hz"),
                refused.getMessage());
        assertEquals("round-robin", k.sched().policy());
    }

    static byte[] classBytes(Class<?> c) {
        try (var in = c.getResourceAsStream("/" + c.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Point 1's policy ({@code while (i < n) i++; return i % q.size();}, about 600,000 instructions
     * a decision), at the largest budget the kernel takes, interpreted and compiled: it is removed
     * at its first decision for using up its budget, within {@link #SWAP_BOUND_MS} of the REPL's
     * install call, and the agent answers pings within the bound the whole time, from before the
     * install until a second after the removal (pings from another thread, so the install call
     * itself does not pace them).
     */
    @Test
    void theEndlessLoopOfPointOneIsRemovedWithinASecondAndPingsStayFast() throws Exception {
        for (String mode : List.of("interpreted", "compiled")) {
            fairAndDefaultLimits();
            double anchor = anchorP99();
            long fallbacksBefore = k.sched().info().path("fallbacks").asLong();
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            CompletableFuture<List<Double>> pinger = CompletableFuture.supplyAsync(() -> {
                try {
                    return pings(30_000, stop::get);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(200);
            long t0 = System.nanoTime();
            k.sched().install(HogPolicies.MillionLoop.class, PolicyBudget.MAX, mode);
            while (k.sched().policy().equals("MillionLoop")) {
                assertTrue(System.nanoTime() - t0 < 10_000_000_000L, mode + ": MillionLoop was never removed");
            }
            double removedMs = (System.nanoTime() - t0) / 1e6;
            Thread.sleep(1000);
            stop.set(true);
            List<Double> rtt = pinger.get(60, TimeUnit.SECONDS);
            var info = k.sched().info();
            String why = info.path("last_fallback").asText();
            double p99 = percentile(rtt, 0.99);
            System.out.printf("MillionLoop %s, budget %d: removed %.1f ms after the install call; %d pings, p50 %.2f ms, p99 %.2f ms, "
                    + "max %.2f ms (anchor %.2f ms): %s%n", mode, PolicyBudget.MAX, removedMs, rtt.size(), percentile(rtt, 0.5), p99,
                    Collections.max(rtt), anchor, why);
            assertEquals("round-robin", info.path("policy").asText(), mode);
            assertEquals(fallbacksBefore + 1, info.path("fallbacks").asLong(), mode + ": " + why);
            assertTrue(why.startsWith("MillionLoop removed: ") && why.contains("used up its budget of " + PolicyBudget.MAX + " instructions"),
                    mode + ": " + why);
            assertTrue(removedMs <= SWAP_BOUND_MS, mode + ": removed " + removedMs + " ms after the install call");
            assertTrue(rtt.size() >= 100, mode + ": only " + rtt.size() + " pings answered");
            assertTrue(p99 <= pingBound(anchor), mode + ": ping p99 " + p99 + " ms, above " + pingBound(anchor) + " ms");
        }
    }

    @Test
    void theNextPolicyIsNotBlamedForItsPredecessorsStarvation() throws Exception {
        long before = k.sched().info().path("fallbacks").asLong();
        k.sched().watchdog(3000);              /* room for a busy host; SchedulerTest pins the rule exactly */
        k.sched().install(HogPolicies.FirstOnly.class);
        Thread.sleep(1000);                    /* one spin has waited 1 s */
        assertEquals("FirstOnly", k.sched().policy());
        k.sched().install(HogPolicies.Fair.class);
        Thread.sleep(1500);
        var info = k.sched().info();
        assertEquals("Fair", info.path("policy").asText(), "Fair was blamed: " + info.path("last_fallback"));
        assertEquals(before, info.path("fallbacks").asLong());
    }

    @Test
    void aBenchmarkRunsInSlicesAndOneThatWouldTakeTooLongIsRefusedWithAnEstimate() throws Exception {
        long t0 = System.nanoTime();
        AgentException refused = assertThrows(AgentException.class, () -> k.agent().call("sched",
                Map.of("action", "bench", "policy", "round-robin", "runnable", 1024, "decisions", 1_000_000)));
        double ms = (System.nanoTime() - t0) / 1e6;
        assertTrue(refused.getMessage().startsWith("EINVAL: the benchmark would take about")
                && refused.getMessage().contains("ask for at most"), refused.getMessage());
        assertTrue(ms < 2000, "refused after " + ms + " ms");
        String base64 = java.util.Base64.getEncoder().encodeToString(classBytes(HogPolicies.Loop10k.class));
        /* interpreted (compiled, 3000 decisions end in ~50 ms, too soon to be pinged through): 3000
           decisions take about 3 s on a quiet host; on a busy one the kernel's estimate may pass
           its 5 s limit, and then the run asked for is half what it says it would take */
        int decisions = 3000;
        fairAndDefaultLimits();
        double anchor = anchorP99();
        CompletableFuture<JsonNode> bench = k.agent().send("sched",
                Map.of("action", "bench", "class", base64, "runnable", 8, "decisions", decisions, "mode", "interpreted"));
        List<Double> rtt = pings(30_000, bench::isDone);
        JsonNode r;
        try {
            r = bench.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            java.util.regex.Matcher most = java.util.regex.Pattern.compile("ask for at most (\\d+) decisions")
                    .matcher(String.valueOf(e.getCause().getMessage()));
            assertTrue(most.find(), String.valueOf(e.getCause()));
            decisions = Integer.parseInt(most.group(1)) / 2;
            bench = k.agent().send("sched", Map.of("action", "bench", "class", base64, "runnable", 8, "decisions", decisions,
                    "mode", "interpreted"));
            rtt = pings(30_000, bench::isDone);
            r = bench.get(60, TimeUnit.SECONDS);
        }
        System.out.printf("bench of %d decisions (%d ms of deciding): %d pings meanwhile, p50 %.2f ms, p99 %.2f ms%n",
                decisions, r.path("nanos").asLong() / 1_000_000, rtt.size(), percentile(rtt, 0.5), percentile(rtt, 0.99));
        assertEquals(decisions, r.path("decisions").asLong());
        assertTrue(rtt.size() >= 20, "the bench ran long enough to be pinged through: " + rtt.size() + " pings, "
                + r.path("nanos").asLong() / 1_000_000 + " ms of decisions");
        assertTrue(percentile(rtt, 0.99) <= pingBound(anchor), "ping p99 during a benchmark: " + percentile(rtt, 0.99)
                + " ms, above " + pingBound(anchor) + " ms (p99 just before: " + anchor + " ms)");
    }

    @Test
    void aSharememPuppetForkIsAThreadOnItsOwnStack() {
        Puppet p = k.puppet();
        Puppet t = p.fork(ForkFlags.SHAREMEM);
        assertEquals(t.pid(), t.getpid());
        long page = p.memflag(0, 4096, oolong.api.MemFlags.FINDFREE | oolong.api.MemFlags.PRESENT);
        assertTrue(page > 0, "memflag: " + page);
        t.poke(page, 42);
        assertEquals(42, p.touch(page), "the thread's write is the parent's memory");
        PuppetReply unknown = t.command("pipe");
        assertTrue(unknown.path("result").path("error").asText().contains("thread puppet"), unknown.toString());
        assertEquals(5, t.exit(5));
        assertEquals(5, p.await());
        assertEquals(p.pid(), p.getpid(), "the parent lives on after its thread exited");
        p.exit(0);
    }

    @Test
    void puppetAddressesInTheUpperHalfAreReachable() {
        Puppet p = k.puppet();
        Puppet c = p.fork();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.poke(0xffff800000000000L, 1));
        assertTrue(e.getMessage().contains("died with code 142"), "a page fault, not a parse error: " + e.getMessage());
        PuppetReply raw = p.command("touch 18446603336221196288");
        assertTrue(raw.path("exited").asBoolean(), "decimal above 2^63 is an address too: " + raw);
    }

    @Test
    void theKernelsThreadPointerIsItsOwnAfterUserProcessesRan() throws Exception {
        Puppet p = k.puppet();
        assertEquals(p.pid(), p.getpid());     /* user processes ran (the spins all along, and this one) */
        JsonNode check = k.agent().call("check", Map.of());
        assertTrue(check.path("kernel_thread_pointer_ok").asBoolean(false), check.toString());
        assertTrue(check.path("ok").asBoolean(), check.toString());
        p.exit(0);
    }

    @Test
    void aTimelineReadFromBeyondTheEndHasASaneNext() {
        JsonNode r = k.agent().call("sched", Map.of("action", "timeline", "since", Long.MAX_VALUE));
        long next = r.path("next").asLong();
        assertTrue(next > 0 && r.path("runs").isEmpty(), r.toString());
        JsonNode again = k.agent().call("sched", Map.of("action", "timeline", "since", next));
        assertTrue(again.path("next").asLong() >= next, again.toString());
    }
}
