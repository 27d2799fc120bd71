package oolong.repl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import oolong.api.sched.Policy;
import oolong.kernel.sched.LotteryPolicy;
import oolong.kernel.sched.RoundRobinPolicy;
import oolong.kernel.sched.StridePolicy;
import oolong.qmp.VmConfig;
import oolong.repl.api.Kernel;
import oolong.repl.api.Sched;
import oolong.repl.session.Session;

/**
 * The REPL's benchmark (run by scripts/bench-repl), against the real kernel in QEMU/TCG:
 * <ul>
 * <li>boot to agent-ready;
 * <li>agent round trips: ping, and ps with ~100 and ~1,000 processes (p50, p99);
 * <li>policy swap latency: REPL call to the kernel's acknowledgement, and installation to the
 * new policy's first decision, for a built-in and for an interpreted policy;
 * <li>decision cost in the kernel for 8 and 64 runnable processes, built-in (compiled ahead of
 * time) versus the same policy's class file run by the kernel's interpreter.
 * </ul>
 * usage: ReplBenchmark [ROUND_TRIPS]   (default 1000)
 */
public final class ReplBenchmark {
    private ReplBenchmark() {
    }

    static long[] sorted(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s;
    }

    static String percentiles(long[] nanos) {
        long[] s = sorted(nanos);
        return String.format(Locale.ROOT, "p50 %8.2f ms   p99 %8.2f ms", s[s.length / 2] / 1e6, s[(int) (s.length * 0.99)] / 1e6);
    }

    public static void main(String[] args) throws Exception {
        int trips = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path images = Path.of(System.getProperty("oolong.images", "boot/target/images"));
        VmConfig config = new VmConfig().kernel(images.resolve("kernel.elf")).module(images.resolve("user.elf").toString())
                .memoryMiB(512);

        long[] boots = new long[5];
        for (int i = 0; i < boots.length; i++) {
            Session s = new Session(config, null);
            long t0 = System.nanoTime();
            s.boot();
            boots[i] = System.nanoTime() - t0;
            s.close();
        }
        System.out.printf(Locale.ROOT, "boot to agent-ready (QEMU start included), 5 boots: median %.0f ms%n",
                sorted(boots)[2] / 1e6);

        Session session = new Session(config, null);
        session.boot();
        try {
            Kernel k = new Kernel(session::agent);
            roundTrips(k, trips);
            swapLatency(k);
            decisionCost(k);
        } finally {
            session.close();
        }
    }

    static void roundTrips(Kernel k, int trips) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            k.ping();
        }
        long[] ping = time(trips, () -> k.agent().call("ping", java.util.Map.of()));
        System.out.println("ping                       " + percentiles(ping));
        int small = k.spawn("tree", "2", "10");
        int processes = waitForProcesses(k, 100);
        long[] ps100 = time(Math.max(50, trips / 10), () -> k.agent().call("ps", java.util.Map.of()));
        System.out.printf("ps of %4d processes        %s%n", processes, percentiles(ps100));
        k.kill(small, 0);
        waitForProcesses(k, 0);
        int big = k.spawn("tree", "3", "10");
        processes = waitForProcesses(k, 1000);
        long[] ps1000 = time(Math.max(20, trips / 50), () -> k.agent().call("ps", java.util.Map.of()));
        System.out.printf("ps of %4d processes        %s%n", processes, percentiles(ps1000));
        k.kill(big, 0);
        waitForProcesses(k, 0);
    }

    /** Waits until at least `min` processes exist (or, for 0, until only init and its helpers are left). */
    static int waitForProcesses(Kernel k, int min) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        int last = -1;
        while (System.currentTimeMillis() < deadline) {
            int n = k.ps().size();
            if ((min > 0 && n >= min) || (min == 0 && n <= 3)) {
                return n;
            }
            if (min > 0 && n == last) {
                Thread.sleep(500);
            }
            last = n;
            Thread.sleep(200);
        }
        return last;
    }

    static long[] time(int n, Runnable call) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            call.run();
            t[i] = System.nanoTime() - t0;
        }
        return t;
    }

    static void swapLatency(Kernel k) throws InterruptedException {
        int[] spins = {k.spawn("spin", "0", "q"), k.spawn("spin", "0", "q"), k.spawn("spin", "0", "q")};
        int rounds = 20;
        long[] builtInAck = new long[rounds];
        long[] builtInFirst = new long[rounds];
        long[] vmAck = new long[rounds];
        long[] vmFirst = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            k.sched().use("round-robin");
            builtInAck[i] = System.nanoTime() - t0;
            builtInFirst[i] = firstDecision(k);
            t0 = System.nanoTime();
            k.sched().install(StridePolicy.class);
            vmAck[i] = System.nanoTime() - t0;
            vmFirst[i] = firstDecision(k);
        }
        System.out.println("swap latency (REPL call -> kernel acknowledged; installed -> first decision by the new policy):");
        System.out.printf(Locale.ROOT, "  built-in round-robin      ack %s   first decision p50 %.3f ms%n",
                percentiles(builtInAck), sorted(builtInFirst)[rounds / 2] / 1e6);
        System.out.printf(Locale.ROOT, "  interpreted StridePolicy  ack %s   first decision p50 %.3f ms%n",
                percentiles(vmAck), sorted(vmFirst)[rounds / 2] / 1e6);
        for (int pid : spins) {
            k.kill(pid, 0);
        }
        k.sched().use("seed");
    }

    static long firstDecision(Kernel k) throws InterruptedException {
        while (true) {
            oolong.repl.api.SchedState info = k.sched().info();
            long d = info.path("first_decision_delay_ns").asLong();
            if (d >= 0) {
                return d;
            }
            Thread.sleep(1);
        }
    }

    static void decisionCost(Kernel k) {
        System.out.println("decision cost in the kernel (synthetic run queue, same Scheduler path):");
        String[] names = {"round-robin", "lottery", "stride"};
        Class<?>[] classes = {RoundRobinPolicy.class, LotteryPolicy.class, StridePolicy.class};
        for (int runnable : new int[] {8, 64}) {
            int decisions = runnable == 8 ? 20_000 : 5_000;
            for (int i = 0; i < names.length; i++) {
                Sched.Bench compiled = k.sched().bench(names[i], runnable, decisions);
                @SuppressWarnings("unchecked")
                Sched.Bench interpreted = k.sched().bench((Class<? extends Policy>) classes[i], runnable, decisions);
                System.out.printf(Locale.ROOT, "  %-12s %2d runnable: built-in %8.0f ns   interpreted %9.0f ns (%5d instructions)   %5.1fx%n",
                        names[i], runnable, compiled.nanosPerDecision(), interpreted.nanosPerDecision(),
                        interpreted.instructions(), interpreted.nanosPerDecision() / compiled.nanosPerDecision());
            }
        }
    }
}
