package oolong.repl.bench;

import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import oolong.api.sched.vm.PolicyBudget;
import oolong.api.sched.vm.PolicyInterpreter;
import oolong.qmp.VmConfig;
import oolong.repl.api.Chaos;
import oolong.repl.api.Kernel;
import oolong.repl.it.HogPolicies;
import oolong.repl.session.Session;

/**
 * The integrity benchmark (run by scripts/bench-integrity), side by side in one run against the
 * real kernel in QEMU (TCG): the agent's ping round trip idle, with round robin and two CPU-bound
 * processes, under each admissible hog at the largest budget, interpreted and compiled (the worst
 * is singled out), and while
 * a chaos run drives the agent from another thread; and the time from a swap's REPL call to the
 * new policy's first decision, from round robin and from the worst hog; and what one decision of
 * each hog costs in the kernel, interpreted and compiled. Ratios are to the idle ping's median
 * (the pings) and to the built-in round robin's decision (the decisions).
 *
 * usage: IntegrityBenchmark IMAGES [PINGS [CHAOS_STEPS [SWAPS]]]   (defaults: 1000, 2000, 20)
 */
public final class IntegrityBenchmark {
    private IntegrityBenchmark() {
    }

    record Stats(double p50, double p99, double max, int n) {
        static Stats of(List<Double> ms) {
            double[] s = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Stats(s[s.length / 2], s[Math.min(s.length - 1, (int) Math.ceil(0.99 * s.length) - 1)],
                    s[s.length - 1], s.length);
        }
    }

    static List<Double> pings(Kernel k, int n, CompletableFuture<?> until) {
        List<Double> out = new ArrayList<>();
        while (until == null ? out.size() < n : !until.isDone()) {
            long t0 = System.nanoTime();
            k.agent().call("ping", java.util.Map.of());
            out.add((System.nanoTime() - t0) / 1e6);
        }
        return out;
    }

    static void row(String what, Stats s, double anchor) {
        System.out.printf(Locale.ROOT, "| %-44s | %6d | %7.2f ms | %7.2f ms | %7.2f ms | %5.1fx | %6.1fx |%n", what, s.n(), s.p50(),
                s.p99(), s.max(), s.p50() / anchor, s.p99() / anchor);
    }

    /** REPL call to the first decision of the new policy, and the kernel's own installed-to-first-decision, in ms. */
    static double[] swap(Kernel k, String to) {
        long t0 = System.nanoTime();
        k.sched().use(to);
        oolong.repl.api.SchedState info;
        do {
            info = k.sched().info();
        } while (info.path("first_decision_delay_ns").asLong() < 0 && System.nanoTime() - t0 < 5_000_000_000L);
        return new double[] {(System.nanoTime() - t0) / 1e6, info.path("first_decision_delay_ns").asLong() / 1e6};
    }

    public static void main(String[] args) throws Exception {
        Path images = Path.of(args.length > 0 ? args[0] : "boot/target/images");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int chaosSteps = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int swaps = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        VmConfig config = new VmConfig().kernel(images.resolve("kernel.elf")).module(images.resolve("user.elf").toString());
        Path dir = Files.createTempDirectory("oolong-bench-hogs");
        try (Session session = new Session(config, null); URLClassLoader switches = HogPolicies.compileSwitchHogs(dir)) {
            session.boot();
            Kernel k = new Kernel(session::agent);
            System.out.println("host load average before: " + Files.readString(Path.of("/proc/loadavg")).trim());
            pings(k, 100, null);
            Stats idle = Stats.of(pings(k, n, null));
            double anchor = idle.p50();
            System.out.println("| agent ping | pings | p50 | p99 | max | p50 / idle p50 | p99 / idle p50 |");
            System.out.println("|---|---|---|---|---|---|---|");
            row("idle (seed, nothing runnable)", idle, anchor);

            k.sched().use("round-robin");
            int[] spins = {k.spawn("spin", "0", "q"), k.spawn("spin", "0", "q")};
            Thread.sleep(300);
            row("round robin, two spins", Stats.of(pings(k, n, null)), anchor);

            List<Class<?>> hogs = List.of(HogPolicies.Loop20k.class, HogPolicies.DeepRecursion.class,
                    HogPolicies.QueueCalls.class, switches.loadClass("SparseSwitch"), switches.loadClass("DenseSwitch"));
            List<String> modes = List.of("interpreted", "compiled");
            List<String> costs = new ArrayList<>();
            Class<?> worst = null;
            String worstMode = null;
            Stats worstStats = null;
            for (String mode : modes) {
                for (Class<?> h : hogs) {
                    k.sched().install(h, PolicyBudget.MAX, mode);
                    Thread.sleep(300);
                    Stats s = Stats.of(pings(k, n, null));
                    var info = k.sched().info();
                    row(h.getSimpleName() + " " + mode + " (" + info.path("cpu_share_percent").asLong() + "% CPU deciding)", s, anchor);
                    if (!info.path("policy").asText().equals(h.getSimpleName())) {
                        throw new IllegalStateException(h.getSimpleName() + " was thrown out: " + info.path("last_fallback"));
                    }
                    if (worstStats == null || s.p99() > worstStats.p99()) {
                        worst = h;
                        worstMode = mode;
                        worstStats = s;
                    }
                    k.sched().use("round-robin");
                }
            }
            row("worst admissible policy: " + worst.getSimpleName() + " " + worstMode, worstStats, anchor);
            costs.add("");
            costs.add("| one decision at the largest budget (sched bench, 8 runnable, 300 decisions) | mode | instructions | mean | ns per instruction | share of a 10 ms tick | vs built-in round robin |");
            costs.add("|---|---|---|---|---|---|---|");
            double rr = k.sched().bench("round-robin", 8, 3000).nanosPerDecision();
            costs.add(String.format(Locale.ROOT, "| built-in round robin (the anchor) | built in | | %.1f us | | %.2f%% | 1x |", rr / 1e3, rr / 1e5));
            for (String mode : modes) {
                for (Class<?> h : hogs) {
                    var b = k.sched().bench(h, 8, 300, PolicyBudget.MAX, mode);
                    costs.add(String.format(Locale.ROOT, "| %s | %s | %d | %.3f ms | %.1f | %.1f%% | %.0fx |", h.getSimpleName(), mode,
                            b.instructions(), b.nanosPerDecision() / 1e6, b.nanosPerDecision() / Math.max(1, b.instructions()),
                            b.nanosPerDecision() / 1e5, b.nanosPerDecision() / rr));
                }
            }

            CompletableFuture<Chaos.Report> chaos = CompletableFuture.supplyAsync(() -> k.chaos(7, chaosSteps, "tree", "3", "2"));
            Stats underChaos = Stats.of(pings(k, 0, chaos));
            Chaos.Report report = chaos.get();
            row("chaos run (" + report.steps() + " steps, " + Math.round(report.stepsPerSecond()) + " steps/s)", underChaos, anchor);

            List<Double> callIdle = new ArrayList<>();
            List<Double> kernelIdle = new ArrayList<>();
            List<Double> callHog = new ArrayList<>();
            List<Double> kernelHog = new ArrayList<>();
            for (int i = 0; i < swaps; i++) {
                k.sched().use("round-robin");
                double[] a = swap(k, "stride");
                callIdle.add(a[0]);
                kernelIdle.add(a[1]);
                k.sched().install(worst, PolicyBudget.MAX, worstMode);
                Thread.sleep(50);
                double[] b = swap(k, "round-robin");
                callHog.add(b[0]);
                kernelHog.add(b[1]);
            }
            System.out.println();
            System.out.println("| swap: `use` to the new policy's first decision | swaps | p50 | p99 | max | kernel: installed to first decision, p50 |");
            System.out.println("|---|---|---|---|---|---|");
            swapRow("round robin -> stride", Stats.of(callIdle), Stats.of(kernelIdle));
            swapRow(worst.getSimpleName() + " " + worstMode + " -> round robin", Stats.of(callHog), Stats.of(kernelHog));
            costs.forEach(System.out::println);
            for (int pid : spins) {
                k.kill(pid, 0);
            }
            System.out.println("host load average after: " + Files.readString(Path.of("/proc/loadavg")).trim());
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static void swapRow(String what, Stats call, Stats kernel) {
        System.out.printf(Locale.ROOT, "| %-34s | %5d | %7.2f ms | %7.2f ms | %7.2f ms | %7.3f ms |%n", what, call.n(), call.p50(),
                call.p99(), call.max(), kernel.p50());
    }
}
