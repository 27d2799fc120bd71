package oolong.api.sched.vm;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import oolong.api.sched.Policy;

/**
 * The interpreter on the host (HotSpot), before and after a change, side by side in one JVM (run
 * by scripts/bench-policy-vm): the base revision's oolong.api.sched.vm classes and the current
 * ones are loaded side by side, each in a class loader of its own; both run the differential corpus (the five
 * built-ins' class files and the five good policies) over the same run-queue snapshots, and the
 * rounds alternate which goes first. Before timing, both must make the
 * same decisions at the same instruction counts, or the run stops. Times are the thread's CPU
 * time, less that of the same loop replaying the picks without deciding.
 *
 * usage: InterpreterBenchmark BASE_API_CLASSES KERNEL_OS_CLASSES [ROUNDS [CURRENT_API_CLASSES]]
 *   (default 30 rounds, the first 10 warm up; the current classes default to this class path's, and
 *   naming the base's there measures the harness's own noise)
 */
public final class InterpreterBenchmark {
    static final int WARMUP = 10;
    static final int SEEDS = 4;
    static final int STEPS = 300;

    private InterpreterBenchmark() {
    }

    /** Loads oolong.api.sched.vm.* from one build's classes, everything else (Policy, RunQueue, the queue) as usual. */
    static final class BaseLoader extends URLClassLoader {
        BaseLoader(URL classes, ClassLoader parent) {
            super(new URL[] {classes}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("oolong.api.sched.vm.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }

    /** One interpreter implementation: verify and run through its own classes. */
    record Impl(String name, Method verify, java.lang.reflect.Constructor<?> interpreter, Method setBudget, Method lastInstructions) {
        static Impl of(String name, ClassLoader loader) throws Exception {
            Class<?> verifier = loader.loadClass("oolong.api.sched.vm.PolicyVerifier");
            Class<?> verified = loader.loadClass("oolong.api.sched.vm.VerifiedPolicy");
            Class<?> interp = loader.loadClass("oolong.api.sched.vm.PolicyInterpreter");
            return new Impl(name, verifier.getMethod("verify", byte[].class), interp.getConstructor(verified),
                    interp.getMethod("setBudget", long.class), interp.getMethod("lastInstructions"));
        }

        Policy make(byte[] classFile) throws Exception {
            Object p = interpreter.newInstance(verify.invoke(null, (Object) classFile));
            setBudget.invoke(p, 1_000_000L);
            return (Policy) p;
        }
    }

    /**
     * Runs SEEDS x STEPS decisions of `p` and returns the thread's CPU time they took (CPU time, not
     * wall time: a loaded host deschedules the thread but does not add to this). With a record,
     * stores each decision's pick, instruction count and resulting queue state there, or checks
     * them against it; with picks, stores each decision's pick there.
     */
    static long run(Impl impl, Policy p, long[] record, boolean check, int[] picks) throws Exception {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long t0 = cpu.getCurrentThreadCpuTime();
        int d = 0;
        for (int seed = 1; seed <= SEEDS; seed++) {
            SnapshotQueue q = new SnapshotQueue(seed, 1 + (seed * 17) % 64);
            for (int step = 0; step < STEPS; step++) {
                q.beginDecision();
                int x = p.pick(q);
                if (picks != null) {
                    picks[d] = x;
                }
                if (record != null) {
                    long signature = x * 1_000_003L + (long) impl.lastInstructions.invoke(p) + q.state().hashCode() * 31L;
                    if (check && record[d] != signature) {
                        throw new IllegalStateException(impl.name + " decides differently at decision " + d);
                    }
                    record[d] = signature;
                }
                d++;
                q.advance(x);
            }
        }
        return cpu.getCurrentThreadCpuTime() - t0;
    }

    /** Replays recorded picks without deciding: what the loop around pick costs, subtracted from each run. */
    static final class Replay implements Policy {
        final int[] picks;
        int next;

        Replay(int[] picks) {
            this.picks = picks;
        }

        @Override
        public int pick(oolong.api.sched.RunQueue q) {
            return picks[next++ % picks.length];
        }
    }

    static double median(List<Double> xs) {
        double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    public static void main(String[] args) throws Exception {
        Path baseClasses = Path.of(args[0]);
        Path osClasses = Path.of(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        // Both in class loaders of their own, so that neither is favoured by where it was loaded.
        URL current = args.length > 3 ? Path.of(args[3]).toUri().toURL()
                : PolicyInterpreter.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader parent = InterpreterBenchmark.class.getClassLoader();
        Impl[] impls = {
            Impl.of("base", new BaseLoader(baseClasses.toUri().toURL(), parent)),
            Impl.of("current", new BaseLoader(current, parent)),
        };
        Map<String, byte[]> corpus = new LinkedHashMap<>();
        for (String b : new String[] {"SeedPolicy", "RoundRobinPolicy", "PriorityPolicy", "LotteryPolicy", "StridePolicy"}) {
            corpus.put(b, Files.readAllBytes(osClasses.resolve("oolong/kernel/sched/" + b + ".class")));
        }
        for (Class<?> c : GoodPoliciesTest.POLICIES) {
            corpus.put(c.getSimpleName(), ClassBytes.of(c));
        }
        // The check runs each implementation twice, in mirrored order, so that neither starts the
        // timed rounds with more of its code profiled and compiled than the other.
        Map<String, Replay> replays = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : corpus.entrySet()) {
            long[] record = new long[SEEDS * STEPS];
            int[] picks = new int[SEEDS * STEPS];
            run(impls[0], impls[0].make(e.getValue()), record, false, picks);
            run(impls[1], impls[1].make(e.getValue()), record, true, null);
            run(impls[1], impls[1].make(e.getValue()), record, true, null);
            run(impls[0], impls[0].make(e.getValue()), record, true, null);
            replays.put(e.getKey(), new Replay(picks));
        }
        System.out.println("both make the same decisions at the same instruction counts ("
                + corpus.size() * SEEDS * STEPS + " decisions each)");
        System.out.println("host load average before: " + Files.readString(Path.of("/proc/loadavg")).trim());
        Map<String, List<List<Double>>> perDecision = new LinkedHashMap<>();
        corpus.keySet().forEach(k -> perDecision.put(k, List.of(new ArrayList<>(), new ArrayList<>())));
        for (int round = 0; round < rounds; round++) {
            for (int turn = 0; turn < 2; turn++) {
                int which = (round + turn) % 2;
                for (Map.Entry<String, byte[]> e : corpus.entrySet()) {
                    long loop = run(impls[which], replays.get(e.getKey()), null, false, null);
                    long total = run(impls[which], impls[which].make(e.getValue()), null, false, null);
                    double ns = (double) (total - loop) / (SEEDS * STEPS);
                    if (round >= WARMUP) {
                        perDecision.get(e.getKey()).get(which).add(ns);
                    }
                }
            }
        }
        System.out.println("host load average after: " + Files.readString(Path.of("/proc/loadavg")).trim());
        int measured = rounds - WARMUP;
        System.out.println();
        System.out.println("| policy (HotSpot, CPU time, " + SEEDS * STEPS + " decisions a round, median of " + measured
                + " rounds) | base | current | current / base | per round |");
        System.out.println("|---|---|---|---|---|");
        double logSum = 0;
        for (Map.Entry<String, List<List<Double>>> e : perDecision.entrySet()) {
            List<Double> base = e.getValue().get(0);
            List<Double> cur = e.getValue().get(1);
            double[] ratios = new double[measured];
            for (int i = 0; i < measured; i++) {
                ratios[i] = cur.get(i) / base.get(i);
            }
            Arrays.sort(ratios);
            double ratio = median(cur) / median(base);
            logSum += Math.log(ratio);
            System.out.printf(Locale.ROOT, "| %s | %.2f us | %.2f us | %.2f | %.2f-%.2f |%n", e.getKey(), median(base) / 1e3,
                    median(cur) / 1e3, ratio, ratios[0], ratios[measured - 1]);
        }
        System.out.printf(Locale.ROOT, "| geometric mean | | | %.2f | |%n", Math.exp(logSum / perDecision.size()));
    }
}
