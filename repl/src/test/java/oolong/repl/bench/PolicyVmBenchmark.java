package oolong.repl.bench;

import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import oolong.api.sched.vm.PolicyBudget;
import oolong.qmp.VmConfig;
import oolong.repl.session.Session;
import oolong.repl.api.Kernel;
import oolong.repl.api.Sched;
import oolong.repl.it.HogPolicies;

/**
 * The policy VM before and after a change, side by side in one run against the real kernel in
 * QEMU (TCG): two kernel images (scripts/bench-policy-vm builds the base revision's and the
 * current one) are booted in turn, round after round, alternating which goes first, and each
 * measures the same in-kernel decisions with `sched bench`: the compiled round robin (the same
 * code in both images: it shows how much the host alone moves the figures), the built-ins' own
 * class files interpreted, and the costliest admissible hogs at the largest budget. A row's
 * figure is the median over rounds of the mean decision cost; the ratio is current / base. The
 * instructions of the last decision, and in the counted runs the first decisions' picks, must be the
 * same in both images, or the run stops: the change must not alter what the policies do.
 *
 * Two clocks, one table each. Counted: QEMU runs with -icount shift=0, so the guest's clock
 * advances one nanosecond per guest instruction executed and a "nanosecond" is an x86
 * instruction of the kernel's compiled interpreter — exact and repeatable whatever the host's
 * load (two rounds show it). Wall: plain TCG, the guest's clock following the host's, the time a
 * decision really takes, as loaded as the host is.
 *
 * usage: PolicyVmBenchmark BASE_IMAGES CURRENT_IMAGES [ROUNDS]   (default 5 wall-clock rounds)
 */
public final class PolicyVmBenchmark {
    private PolicyVmBenchmark() {
    }

    /** One row: what to measure, and how many decisions make a run of roughly half a second. */
    record Row(String label, String builtIn, Class<?> policy, int runnable, int decisions, long budget) {
    }

    static Sched.Bench run(Kernel k, Row r) {
        if (r.builtIn() != null) {
            return k.sched().bench(r.builtIn(), r.runnable(), r.decisions());
        }
        return r.budget() > 0 ? k.sched().bench(r.policy(), r.runnable(), r.decisions(), r.budget())
                : k.sched().bench(r.policy(), r.runnable(), r.decisions());
    }

    /** As run, with fewer decisions when the kernel estimates more than it runs at a time (a loaded host). */
    static Sched.Bench runWithin(Kernel k, Row r) {
        try {
            return run(k, r);
        } catch (oolong.repl.agent.AgentException e) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("at most (\\d+) decisions").matcher(e.getMessage());
            if (!m.find()) {
                throw e;
            }
            int fits = Math.max(1, Integer.parseInt(m.group(1)) / 2);
            return run(k, new Row(r.label(), r.builtIn(), r.policy(), r.runnable(), fits, r.budget()));
        }
    }

    static double median(List<Double> xs) {
        double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    public static void main(String[] args) throws Exception {
        Path[] images = {Path.of(args[0]), Path.of(args[1])};
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path dir = Files.createTempDirectory("oolong-bench-vm");
        try (URLClassLoader switches = HogPolicies.compileSwitchHogs(dir)) {
            List<Row> rows = List.of(
                    new Row("built-in round robin, compiled (the same code in both)", "round-robin", null, 8, 20_000, 0),
                    new Row("RoundRobinPolicy interpreted, 8 runnable", null, oolong.kernel.sched.RoundRobinPolicy.class, 8, 20_000, 0),
                    new Row("LotteryPolicy interpreted, 8 runnable", null, oolong.kernel.sched.LotteryPolicy.class, 8, 10_000, 0),
                    new Row("StridePolicy interpreted, 8 runnable", null, oolong.kernel.sched.StridePolicy.class, 8, 10_000, 0),
                    new Row("RoundRobinPolicy interpreted, 64 runnable", null, oolong.kernel.sched.RoundRobinPolicy.class, 64, 3_000, 0),
                    new Row("LotteryPolicy interpreted, 64 runnable", null, oolong.kernel.sched.LotteryPolicy.class, 64, 2_000, 0),
                    new Row("StridePolicy interpreted, 64 runnable", null, oolong.kernel.sched.StridePolicy.class, 64, 2_000, 0),
                    new Row("Loop20k (counting loop, largest budget)", null, HogPolicies.Loop20k.class, 8, 300, PolicyBudget.MAX),
                    new Row("DeepRecursion (60-deep calls, largest budget)", null, HogPolicies.DeepRecursion.class, 8, 200, PolicyBudget.MAX),
                    new Row("QueueCalls (run-queue calls, largest budget)", null, HogPolicies.QueueCalls.class, 8, 200, PolicyBudget.MAX),
                    new Row("SparseSwitch (600-key lookupswitch, largest budget)", null, switches.loadClass("SparseSwitch"), 8, 200, PolicyBudget.MAX),
                    new Row("DenseSwitch (600-case tableswitch, largest budget)", null, switches.loadClass("DenseSwitch"), 8, 200, PolicyBudget.MAX));
            System.out.println("host load average before: " + Files.readString(Path.of("/proc/loadavg")).trim());
            measure(images, rows, 2, true);
            measure(images, rows, rounds, false);
            System.out.println("host load average after: " + Files.readString(Path.of("/proc/loadavg")).trim());
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Boots each image `rounds` times, alternating, measures every row, prints the table. */
    static void measure(Path[] images, List<Row> rows, int rounds, boolean counted) throws Exception {
        String[] names = {"base", "current"};
        Map<Row, List<List<Double>>> nanos = new LinkedHashMap<>();
        Map<Row, Sched.Bench[]> seen = new LinkedHashMap<>();
        for (Row r : rows) {
            nanos.put(r, List.of(new ArrayList<>(), new ArrayList<>()));
            seen.put(r, new Sched.Bench[2]);
        }
        for (int round = 0; round < rounds; round++) {
            for (int turn = 0; turn < 2; turn++) {
                int which = (round + turn) % 2;
                VmConfig config = new VmConfig().kernel(images[which].resolve("kernel.elf"))
                        .module(images[which].resolve("user.elf").toString());
                if (counted) {
                    config.extraArg("-icount").extraArg("shift=0");
                }
                try (Session session = new Session(config, null)) {
                    session.boot();
                    Kernel k = new Kernel(session::agent);
                    for (Row r : rows) {
                        runWithin(k, new Row(r.label(), r.builtIn(), r.policy(), r.runnable(), Math.max(1, r.decisions() / 10), r.budget()));
                        Sched.Bench b = runWithin(k, r);
                        nanos.get(r).get(which).add(b.nanosPerDecision());
                        Sched.Bench before = seen.get(r)[1 - which];
                        // Picks are compared when counted: a wall-clock run may be shortened (runWithin),
                        // which shifts where the next run's synthetic queue starts.
                        int traced = before == null || !counted ? 0 : Math.min(before.trace().size(), b.trace().size());
                        if (before != null && (before.instructions() != b.instructions()
                                || !before.trace().subList(0, traced).equals(b.trace().subList(0, traced)))) {
                            throw new IllegalStateException(r.label() + ": the two kernels decide differently: " + before
                                    + " " + before.trace() + " / " + b + " " + b.trace());
                        }
                        seen.get(r)[which] = b;
                    }
                }
                System.out.println((counted ? "counted" : "wall-clock") + " round " + (round + 1) + ": " + names[which] + " measured");
            }
        }
        System.out.println();
        System.out.println(counted
                ? "| decision (`sched bench`, -icount: guest instructions, " + rounds + " rounds) | policy instructions | base | current | current / base | per round |"
                : "| decision (`sched bench`, wall clock, median of " + rounds + " rounds) | policy instructions | base | current | current / base | per round |");
        System.out.println("|---|---|---|---|---|---|");
        for (Row r : rows) {
            List<Double> base = nanos.get(r).get(0);
            List<Double> cur = nanos.get(r).get(1);
            double[] perRound = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                perRound[i] = cur.get(i) / base.get(i);
            }
            Arrays.sort(perRound);
            Sched.Bench b = seen.get(r)[1];
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %.3f | %.3f-%.3f |%n", r.label(),
                    b.interpreted() ? String.format(Locale.ROOT, "%,d", b.instructions()) : "",
                    counted ? String.format(Locale.ROOT, "%,.0f", median(base)) : time(median(base)),
                    counted ? String.format(Locale.ROOT, "%,.0f", median(cur)) : time(median(cur)),
                    median(cur) / median(base), perRound[0], perRound[rounds - 1]);
        }
        System.out.println();
    }

    static String time(double nanos) {
        return nanos >= 1e6 ? String.format(Locale.ROOT, "%.2f ms", nanos / 1e6) : String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
    }
}
