package oolong.repl.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import oolong.api.sched.Policy;
import oolong.kernel.sched.LotteryPolicy;
import oolong.kernel.sched.PriorityPolicy;
import oolong.kernel.sched.RoundRobinPolicy;
import oolong.kernel.sched.SeedPolicy;
import oolong.kernel.sched.StridePolicy;
import oolong.qmp.VmConfig;
import oolong.repl.agent.AgentException;
import oolong.repl.api.Kernel;
import oolong.repl.api.Sched;
import oolong.repl.session.Session;

/**
 * The policy compiler's benchmark (run by scripts/bench-jit), in one booted kernel (QEMU/TCG),
 * everything side by side in the same run:
 * <ul>
 * <li>decision cost at 8, 64 and 256 runnable processes for the five built-in policies: built in
 * (compiled ahead of time with the kernel), the same class file interpreted, and compiled by the
 * kernel's JIT (both at the largest budget, 20,000 instructions: priority over 256 processes
 * needs more than the default); medians of ROUNDS rounds, ratios to the built-in;
 * <li>swap latency (REPL call to the kernel's acknowledgement) against an agent ping: a built-in,
 * an interpreted and a compiled install of the same class;
 * <li>compile time per class in the kernel, with the size of the code;
 * <li>the null system call with no probe, a counting probe interpreted and the same compiled
 * ({@link NullCallRows}: a second boot, on QEMU's counted clock).
 * </ul>
 * usage: JitBenchmark [ROUNDS [PARTS]]   (default 3; PARTS: any of compile,swap,decisions,nullcall, default all)
 */
public final class JitBenchmark {
    private JitBenchmark() {
    }

    static final String[] NAMES = {"seed", "round-robin", "priority", "lottery", "stride"};
    static final Class<?>[] CLASSES = {SeedPolicy.class, RoundRobinPolicy.class, PriorityPolicy.class, LotteryPolicy.class,
        StridePolicy.class};

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        String parts = args.length > 1 ? args[1] : "compile,swap,decisions,nullcall";
        Path images = Path.of(System.getProperty("oolong.images", "boot/target/images"));
        VmConfig config = new VmConfig().kernel(images.resolve("kernel.elf")).module(images.resolve("user.elf").toString())
                .memoryMiB(512);
        System.out.println("host load average at start: " + loadAverage());
        Session session = new Session(config, null);
        session.boot();
        try {
            Kernel k = new Kernel(session::agent);
            if (parts.contains("compile")) {
                compileTimes(k);
            }
            if (parts.contains("swap")) {
                swapLatency(k, session);
            }
            if (parts.contains("payload")) {
                payload(session);
            }
            if (parts.contains("decisions")) {
                decisionCost(k, rounds);
            }
        } finally {
            session.close();
        }
        if (parts.contains("nullcall")) {
            NullCallRows.measure(images, rounds);
        }
        System.out.println("host load average at end: " + loadAverage());
    }

    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static void compileTimes(Kernel k) {
        System.out.println("compile time in the kernel (install, compiled; median of 5 installs):");
        for (int i = 0; i < CLASSES.length; i++) {
            double[] ms = new double[5];
            long bytes = 0;
            for (int r = 0; r < ms.length; r++) {
                k.sched().install(CLASSES[i], 0, "compiled");
                oolong.repl.api.SchedState s = k.sched().info();
                ms[r] = s.compileNanos() / 1e6;
                bytes = s.codeBytes();
            }
            System.out.printf(Locale.ROOT, "  %-18s %6d bytes of x86-64   %7.3f ms%n", CLASSES[i].getSimpleName(), bytes, median(ms));
            k.sched().use("round-robin");
        }
    }

    static void swapLatency(Kernel k, Session session) {
        for (int i = 0; i < 100; i++) {
            k.ping();
        }
        int n = 200;
        double[] ping = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            k.ping();
            ping[i] = (System.nanoTime() - t0) / 1e6;
        }
        /* the same ping carrying a field as long as StridePolicy's install request (its class file in
           base64): what moving and parsing the frame costs, which an install pays and a use does not */
        String pad = "A".repeat(Base64Length.STRIDE);
        double[] padded = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            session.agent().call("ping", java.util.Map.of("pad", pad));
            padded[i] = (System.nanoTime() - t0) / 1e6;
        }
        int rounds = 30;
        double[] builtIn = new double[rounds];
        double[] interpreted = new double[rounds];
        double[] compiled = new double[rounds];
        /* where an install's time goes, read from the kernel after each (not timed): [interpreted, compiled] x
           [in the kernel in all, verification, compilation] */
        double[][][] inKernel = new double[2][3][rounds];
        com.fasterxml.jackson.databind.JsonNode gc0 = session.agent().call("stats", java.util.Map.of()).path("gc");
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            k.sched().use("stride");
            builtIn[i] = (System.nanoTime() - t0) / 1e6;
            t0 = System.nanoTime();
            k.sched().install(StridePolicy.class, 0, "interpreted");
            interpreted[i] = (System.nanoTime() - t0) / 1e6;
            split(k, inKernel[0], i);
            t0 = System.nanoTime();
            k.sched().install(StridePolicy.class, 0, "compiled");
            compiled[i] = (System.nanoTime() - t0) / 1e6;
            split(k, inKernel[1], i);
        }
        double p = median(ping);
        System.out.printf(Locale.ROOT, "swap latency, REPL call to the kernel's acknowledgement (median of %d), against a ping (median of %d):%n",
                rounds, n);
        System.out.printf(Locale.ROOT, "  ping                              %7.3f ms%n", p);
        System.out.printf(Locale.ROOT, "  ping with a %d-byte field         %7.3f ms   %5.1fx a ping%n", pad.length(), median(padded),
                median(padded) / p);
        System.out.printf(Locale.ROOT, "  use(\"stride\") (built in)          %7.3f ms   %5.1fx a ping%n", median(builtIn), median(builtIn) / p);
        System.out.printf(Locale.ROOT, "  install StridePolicy interpreted  %7.3f ms   %5.1fx a ping%n", median(interpreted), median(interpreted) / p);
        System.out.printf(Locale.ROOT, "  install StridePolicy compiled     %7.3f ms   %5.1fx a ping%n", median(compiled), median(compiled) / p);
        com.fasterxml.jackson.databind.JsonNode gc1 = session.agent().call("stats", java.util.Map.of()).path("gc");
        System.out.printf(Locale.ROOT, "  the kernel's collector over the %d swaps: %d collections, %.3f ms in all (%.3f ms per swap)%n",
                3 * rounds, gc1.path("collections").asLong() - gc0.path("collections").asLong(),
                (gc1.path("total_ns").asLong() - gc0.path("total_ns").asLong()) / 1e6,
                (gc1.path("total_ns").asLong() - gc0.path("total_ns").asLong()) / 1e6 / (3 * rounds));
        for (int m = 0; m < 2; m++) {
            System.out.printf(Locale.ROOT, "  %s install in the kernel: %.3f ms (verification %.3f, compilation %.3f), the rest outside it %.3f ms%n",
                    m == 0 ? "interpreted" : "compiled", median(inKernel[m][0]), median(inKernel[m][1]), median(inKernel[m][2]),
                    median(m == 0 ? interpreted : compiled) - median(inKernel[m][0]));
        }
        long h0 = System.nanoTime();
        byte[] bytes = strideBytes();
        for (int i = 0; i < 100; i++) {
            oolong.api.sched.vm.PolicyVerifier.verify(bytes);
        }
        System.out.printf(Locale.ROOT, "  the REPL's own verification of the class (HotSpot, warm): %.3f ms%n", (System.nanoTime() - h0) / 1e6 / 100);
        k.sched().use("round-robin");
    }

    /** The length of StridePolicy's class file in base64, as the REPL sends it. */
    static final class Base64Length {
        static final int STRIDE = java.util.Base64.getEncoder().encodeToString(strideBytes()).length();
    }

    static byte[] strideBytes() {
        try (java.io.InputStream in = StridePolicy.class.getResourceAsStream("StridePolicy.class")) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A ping carrying a field of 0 .. 4,000 bytes: how a request's size costs (part "payload"). */
    static void payload(Session session) {
        System.out.println("ping carrying a field of N bytes (median of 60):");
        for (int size : new int[] {0, 100, 400, 800, 1200, 1600, 2400, 4000}) {
            String pad = "A".repeat(size);
            double[] t = new double[60];
            for (int i = 0; i < t.length; i++) {
                long t0 = System.nanoTime();
                session.agent().call("ping", java.util.Map.of("pad", pad));
                t[i] = (System.nanoTime() - t0) / 1e6;
            }
            System.out.printf(Locale.ROOT, "  %5d bytes  %7.3f ms%n", size, median(t));
        }
        /* the install request itself, sent straight to the agent (no host-side work), against the REPL's install */
        String b64 = java.util.Base64.getEncoder().encodeToString(strideBytes());
        Kernel k = new Kernel(session::agent);
        for (String mode : new String[] {"interpreted", "compiled"}) {
            double[] direct = new double[30];
            double[] repl = new double[30];
            double[] use = new double[30];
            for (int i = 0; i < direct.length; i++) {
                long t0 = System.nanoTime();
                session.agent().call("sched", java.util.Map.of("action", "install", "class", b64, "mode", mode));
                direct[i] = (System.nanoTime() - t0) / 1e6;
                t0 = System.nanoTime();
                k.sched().install(StridePolicy.class, 0, mode);
                repl[i] = (System.nanoTime() - t0) / 1e6;
                t0 = System.nanoTime();
                k.sched().use("stride");
                use[i] = (System.nanoTime() - t0) / 1e6;
            }
            System.out.printf(Locale.ROOT, "  install %s: sent straight to the agent %.3f ms, through k.sched().install %.3f ms; use(\"stride\") %.3f ms%n",
                    mode, median(direct), median(repl), median(use));
        }
    }

    private static void split(Kernel k, double[][] into, int i) {
        com.fasterxml.jackson.databind.JsonNode s = k.sched().info().json();
        into[0][i] = s.path("install_ns").asLong() / 1e6;
        into[1][i] = s.path("verify_ns").asLong() / 1e6;
        into[2][i] = Math.max(0, s.path("compile_ns").asLong()) / 1e6;
    }

    /** One benchmark's nanoseconds per decision; a run the kernel refuses as too long is shortened as it says. */
    @SuppressWarnings("unchecked")
    static double perDecision(Kernel k, int policy, String mode, int runnable, int decisions) {
        try {
            Sched.Bench b = mode == null ? k.sched().bench(NAMES[policy], runnable, decisions)
                    : k.sched().bench((Class<? extends Policy>) CLASSES[policy], runnable, decisions, 20_000, mode);
            return b.nanosPerDecision();
        } catch (AgentException refused) {
            java.util.regex.Matcher most = java.util.regex.Pattern.compile("ask for at most (\\d+) decisions")
                    .matcher(refused.getMessage());
            if (!most.find()) {
                throw refused;
            }
            return perDecision(k, policy, mode, runnable, Math.max(50, Integer.parseInt(most.group(1)) / 2));
        }
    }

    static void decisionCost(Kernel k, int rounds) {
        System.out.printf(Locale.ROOT, "decision cost in the kernel, ns per decision (median of %d rounds; built in, interpreted and compiled alternate):%n",
                rounds);
        System.out.println("  policy        runnable   built in   interpreted    compiled   interp/built-in  compiled/built-in");
        for (int runnable : new int[] {8, 64, 256}) {
            int decisions = runnable == 8 ? 4000 : runnable == 64 ? 1000 : 300;
            for (int i = 0; i < NAMES.length; i++) {
                double[] b = new double[rounds];
                double[] in = new double[rounds];
                double[] c = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    b[r] = perDecision(k, i, null, runnable, decisions);
                    in[r] = perDecision(k, i, "interpreted", runnable, decisions);
                    c[r] = perDecision(k, i, "compiled", runnable, decisions);
                }
                double mb = median(b);
                double mi = median(in);
                double mc = median(c);
                System.out.printf(Locale.ROOT, "  %-12s %8d %10.0f %13.0f %11.0f %16.2fx %17.2fx%n", NAMES[i], runnable, mb, mi, mc,
                        mi / mb, mc / mb);
            }
        }
    }
}
