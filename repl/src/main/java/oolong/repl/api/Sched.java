package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oolong.api.sched.vm.PolicyBudget;
import oolong.api.sched.vm.PolicyInterpreter;
import oolong.api.sched.vm.PolicyRejected;
import oolong.api.sched.vm.PolicyVerifier;
import oolong.repl.snippet.ClassCapture;

/**
 * The kernel's scheduler ({@code k.sched()}): the running policy, swapping it, tuning processes,
 * CPU shares and the timeline of who ran when.
 */
public final class Sched {
    private final Kernel k;

    Sched(Kernel k) {
        this.k = k;
    }

    /** The policy, decision counts and costs, fallbacks, and the built-in names. */
    public SchedState info() {
        return SchedState.from(k.call("sched", "action", "get"));
    }

    /** Decisions per second made by the current policy since it was installed. */
    public double decisionsPerSecond() {
        return info().decisionsPerSecond();
    }

    public String policy() {
        return info().policy();
    }

    /** Switches to a built-in policy: seed, round-robin, priority, lottery, stride. */
    public String use(String builtIn) {
        return k.call("sched", "action", "use", "policy", builtIn).path("policy").asText();
    }

    /**
     * Installs a policy class typed into the REPL (or on the class path) in the kernel, where it is
     * verified again and interpreted with an instruction budget per decision. The class is checked
     * here first, so a rejection names the line of the snippet. Returns the policy's name.
     *
     * <pre>
     *   class Fair implements Policy {
     *       public int pick(RunQueue q) { ... }
     *   }
     *   k.sched().install(Fair.class)
     * </pre>
     */
    public String install(Class<?> policyClass) {
        return install(policyClass, 0);
    }

    /**
     * As {@link #install(Class)}, with an instruction budget per decision (100..20,000 at 100 Hz, less
     * at a faster timer: one decision must stay well under a tick; 0: the default, 10,000).
     */
    public String install(Class<?> policyClass, long budget) {
        return install(policyClass, budget, null);
    }

    /**
     * As {@link #install(Class, long)}, run as `mode` says: "compiled" (to x86-64 machine code in
     * the kernel, at install time) or "interpreted"; null: as the kernel's switch says
     * ({@link #jit(boolean)}; compiled unless the kernel was booted with jit=off).
     */
    public String install(Class<?> policyClass, long budget, String mode) {
        checkMode(mode);
        if (budget != 0 && (budget < PolicyBudget.MIN || budget > PolicyBudget.MAX)) {
            throw new IllegalArgumentException("budget must be " + PolicyBudget.MIN + ".."
                    + PolicyBudget.MAX + " instructions per decision (one decision must stay well under a"
                    + " tick; docs/scheduler.md), not " + budget);
        }
        byte[] bytes = classFile(policyClass);
        String binaryName = policyClass.getName();
        try {
            PolicyVerifier.verify(bytes);
        } catch (PolicyRejected e) {
            throw new IllegalArgumentException("policy rejected: " + ClassCapture.explain(binaryName, e.getMessage()));
        }
        k.sentClasses().sent(binaryName);
        List<Object> args = new ArrayList<>(List.of("action", "install", "class", Base64.getEncoder().encodeToString(bytes)));
        if (budget > 0) {
            args.addAll(List.of("budget", budget));
        }
        if (mode != null) {
            args.addAll(List.of("mode", mode));
        }
        return k.call("sched", args.toArray()).path("policy").asText();
    }

    private static void checkMode(String mode) {
        if (mode != null && !mode.equals("compiled") && !mode.equals("interpreted")) {
            throw new IllegalArgumentException("mode must be \"compiled\" or \"interpreted\", not \"" + mode + "\"");
        }
    }

    /**
     * Turns the kernel's policy compiler on or off for the policies installed from now on (off:
     * they are interpreted, so the two can be compared); the running policy stays as it is.
     */
    public SchedState jit(boolean on) {
        return SchedState.from(k.call("sched", "action", "jit", "enabled", on));
    }

    /** The class file of a REPL class, or of a class on the class path. */
    static byte[] classFile(Class<?> c) {
        byte[] b = ClassCapture.bytesOf(c);
        if (b != null) {
            return b;
        }
        try (InputStream in = c.getResourceAsStream("/" + c.getName().replace('.', '/') + ".class")) {
            if (in == null) {
                throw new IllegalArgumentException("no class file for " + c.getName()
                        + " (define the class in this REPL or put it on the class path)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A kernel message about a policy, with class-file lines turned into the lines the user typed. */
    public String explain(String message) {
        return k.sentClasses().explain(null, message);
    }

    /** What one in-kernel decision costs: see {@link #bench(String, int, int)}. */
    public record Bench(String policy, boolean interpreted, int runnable, long decisions, long nanos,
            long instructions, List<Integer> picks, List<Integer> trace, boolean compiled) {
        public double nanosPerDecision() {
            return (double) nanos / Math.max(1, decisions);
        }

        @Override
        public String toString() {
            return String.format("%s%s, %d runnable: %.0f ns per decision%s", policy,
                    interpreted ? " (interpreted)" : compiled ? " (compiled)" : "",
                    runnable, nanosPerDecision(), interpreted || compiled ? " (" + instructions + " instructions)" : "");
        }
    }

    /**
     * Measures a built-in policy's decision cost in the kernel, over synthetic runnable processes.
     * The kernel runs it in slices between its other work (processes and the agent go on), and
     * refuses a run it estimates at more than 5 s of deciding, saying how many decisions fit.
     */
    public Bench bench(String builtIn, int runnable, int decisions) {
        return bench(k.callWithin(BENCH_TIMEOUT, "sched", "action", "bench", "policy", builtIn,
                "runnable", runnable, "decisions", decisions));
    }

    /**
     * Time allowed for a benchmark's answer: the kernel runs at most 5 s of decisions, in slices
     * that get at least a third of the CPU while processes run, on a host that may be busy.
     */
    static final java.time.Duration BENCH_TIMEOUT = java.time.Duration.ofSeconds(60);

    /** As {@link #bench(String, int, int)}, for a policy class run by the kernel's interpreter (default budget). */
    public Bench bench(Class<?> policyClass, int runnable, int decisions) {
        return bench(k.callWithin(BENCH_TIMEOUT, "sched", "action", "bench", "class",
                Base64.getEncoder().encodeToString(classFile(policyClass)), "runnable", runnable, "decisions", decisions));
    }

    /** As {@link #bench(Class, int, int)}, with an instruction budget per decision (as {@link #install(Class, long)}). */
    public Bench bench(Class<?> policyClass, int runnable, int decisions, long budget) {
        return bench(k.callWithin(BENCH_TIMEOUT, "sched", "action", "bench", "class",
                Base64.getEncoder().encodeToString(classFile(policyClass)), "runnable", runnable, "decisions", decisions,
                "budget", budget));
    }

    /** As {@link #bench(Class, int, int)}, run compiled or interpreted (as {@link #install(Class, long, String)}). */
    public Bench bench(Class<?> policyClass, int runnable, int decisions, String mode) {
        return bench(policyClass, runnable, decisions, 0, mode);
    }

    /** As {@link #bench(Class, int, int, String)}, with an instruction budget per decision (0: the default). */
    public Bench bench(Class<?> policyClass, int runnable, int decisions, long budget, String mode) {
        checkMode(mode);
        List<Object> args = new ArrayList<>(List.of("action", "bench", "class",
                Base64.getEncoder().encodeToString(classFile(policyClass)), "runnable", runnable, "decisions", decisions));
        if (budget > 0) {
            args.addAll(List.of("budget", budget));
        }
        if (mode != null) {
            args.addAll(List.of("mode", mode));
        }
        return bench(k.callWithin(BENCH_TIMEOUT, "sched", args.toArray()));
    }

    /** The bounds every policy runs under (docs/scheduler.md, "Safety"). */
    public record Limits(int cpuPercent, long cpuWindowMs, long watchdogMs, int watchdogTicksPerRunnable, long maxSliceMs,
            long defaultBudget, long maxBudget) {
        static Limits of(JsonNode l) {
            return new Limits(l.path("cpu_percent").asInt(), l.path("cpu_window_ms").asLong(), l.path("watchdog_ms").asLong(),
                    l.path("watchdog_ticks_per_runnable").asInt(), l.path("max_slice_ms").asLong(),
                    l.path("default_budget").asLong(), l.path("max_budget").asLong());
        }

        @Override
        public String toString() {
            // 100% and a watchdog of 0 are "no bound" and "off" in the kernel (Scheduler): say so, not "0 ms".
            return (cpuPercent >= 100 ? "policies may use any share of the CPU deciding (no bound)"
                    : "policies may use " + cpuPercent + "% of the CPU deciding (over " + cpuWindowMs + " ms)")
                    + (watchdogMs <= 0 ? "; the watchdog is off (a runnable process may wait for ever);"
                    : "; a runnable process may wait " + watchdogMs + " ms + " + watchdogTicksPerRunnable
                    + " ticks per runnable process;")
                    + " no process runs more than " + maxSliceMs + " ms without a decision; budgets up to " + maxBudget
                    + " instructions per decision (default " + defaultBudget + ")";
        }
    }

    public Limits limits() {
        return Limits.of(k.call("sched", "action", "limits"));
    }

    /** The share of the CPU (1..100 percent, 100: no bound) a policy's decisions may take before it is thrown out. */
    public Limits cpuLimit(int percent) {
        return Limits.of(k.call("sched", "action", "limits", "cpu_percent", percent));
    }

    /** How long (ms, plus 10 ticks per runnable process) a runnable process may wait before the policy is thrown out; 0: off. */
    public Limits watchdog(long ms) {
        return Limits.of(k.call("sched", "action", "limits", "watchdog_ms", ms));
    }

    /** The longest a process runs (ms) before its policy is asked again, whatever slice it chose. */
    public Limits maxSlice(long ms) {
        return Limits.of(k.call("sched", "action", "limits", "max_slice_ms", ms));
    }

    private static Bench bench(JsonNode r) {
        List<Integer> picks = new ArrayList<>();
        r.path("picks").forEach(p -> picks.add(p.asInt()));
        List<Integer> trace = new ArrayList<>();
        r.path("trace").forEach(p -> trace.add(p.asInt()));
        return new Bench(r.path("policy").asText(), r.path("interpreted").asBoolean(), r.path("runnable").asInt(),
                r.path("decisions").asLong(), r.path("nanos").asLong(), r.path("instructions_last").asLong(),
                List.copyOf(picks), List.copyOf(trace), r.path("compiled").asBoolean());
    }

    public void nice(int pid, int nice) {
        k.call("sched", "action", "set", "pid", pid, "nice", nice);
    }

    /** Tickets for lottery and stride (1..10000). */
    public void weight(int pid, int weight) {
        k.call("sched", "action", "set", "pid", pid, "weight", weight);
    }

    /** One process's share of the CPU: time used and how often the scheduler picked it. */
    public record CpuStat(int pid, String program, long cpuMicros, long runs, int nice, int weight) {
        @Override
        public String toString() {
            return String.format("pid %d (%s): %.1f ms CPU, %d runs, nice %d, weight %d", pid, program, cpuMicros / 1000.0,
                    runs, nice, weight);
        }
    }

    /** A table of CpuStat that prints one process per line, in pid order, in columns like ps's. */
    public static final class CpuTable extends java.util.LinkedHashMap<Integer, CpuStat> {
        @Override
        public String toString() {
            oolong.repl.view.Table t = new oolong.repl.view.Table().column("PID", oolong.repl.view.Table.Align.RIGHT, 5)
                    .column("CPU ms", oolong.repl.view.Table.Align.RIGHT, 8).column("RUNS", oolong.repl.view.Table.Align.RIGHT, 6)
                    .right("NICE").right("WEIGHT").left("PROGRAM");
            // In pid order, as ps lists them: the kernel answers in its own list order (1, 4, 3, 2...).
            for (CpuStat c : values().stream().sorted(java.util.Comparator.comparingInt(CpuStat::pid)).toList()) {
                t.row(c.pid(), String.format(java.util.Locale.ROOT, "%.1f", c.cpuMicros() / 1000.0), c.runs(), c.nice(),
                        c.weight(), c.program());
            }
            return t.toString();
        }
    }

    /** CPU time and run counts of the live processes, by pid. */
    public CpuTable stats() {
        java.util.List<CpuStat> all = new java.util.ArrayList<>();
        for (JsonNode p : k.call("sched", "action", "stats").path("processes")) {
            all.add(new CpuStat(p.path("pid").asInt(), p.path("program").asText(), p.path("cpu_us").asLong(),
                    p.path("runs").asLong(), p.path("nice").asInt(), p.path("weight").asInt()));
        }
        all.sort(java.util.Comparator.comparingInt(CpuStat::pid)); // the map iterates in pid order too
        CpuTable m = new CpuTable();
        all.forEach(c -> m.put(c.pid(), c));
        return m;
    }

    /** CPU microseconds of each given process (0 for one that is gone). */
    public long[] cpu(int... pids) {
        Map<Integer, CpuStat> s = stats();
        long[] out = new long[pids.length];
        for (int i = 0; i < pids.length; i++) {
            CpuStat v = s.get(pids[i]);
            out[i] = v == null ? 0 : v.cpuMicros();
        }
        return out;
    }

    private long timelineNext;

    /** A new machine (reboot, restore) records its timeline from the start again. */
    void connectionChanged() {
        timelineNext = 0;
    }

    /** Runs recorded since the last call (or since boot, the first time). */
    public Timeline timeline() {
        List<long[]> runs = new ArrayList<>();
        int hz = 100;
        long now = 0;
        while (true) {
            JsonNode r = k.call("sched", "action", "timeline", "since", timelineNext);
            hz = r.path("hz").asInt(100);
            now = r.path("now_tick").asLong();
            for (JsonNode e : r.path("runs")) {
                runs.add(new long[] {e.get(0).asLong(), e.get(1).asLong()});
            }
            long next = r.path("next").asLong();
            if (next == timelineNext || r.path("runs").isEmpty()) {
                break;
            }
            timelineNext = next;
        }
        /* after the runs: events the kernel pushed before its answer have arrived by now */
        KernelMemory memory = k.memory();
        if (!runs.isEmpty()) {
            k.ps();         /* names for the pids still in the tree */
        }
        long start = runs.isEmpty() ? now : runs.get(0)[0];
        List<PolicySwap> swaps = new ArrayList<>();
        for (PolicySwap s : memory.swaps()) {
            if (s.tick() >= start && s.tick() <= now) {
                swaps.add(s);
            }
        }
        String first = swaps.isEmpty() ? policy() : swaps.get(0).from();
        return new Timeline(runs, now, Math.max(1, hz), memory.programs(), List.copyOf(swaps), first);
    }

    @Override
    public String toString() {
        return summary(info().json(), this::explain);
    }

    /** The one-line summary of the kernel's sched info answer ("1 decision", "2 decisions"). */
    static String summary(JsonNode i, java.util.function.UnaryOperator<String> explain) {
        long decided = i.path("policy_decisions").asLong();
        double ageSeconds = i.path("policy_age_ns").asLong() / 1e9;
        long fallbacks = i.path("fallbacks").asLong();
        return "scheduler: " + i.path("policy").asText() + (i.path("interpreted").asBoolean() ? " (interpreted)"
                : i.path("compiled").asBoolean() ? " (compiled)" : "")
                + ", " + SchedState.count(decided, "decision") + " since installed"
                + (ageSeconds > 0 ? String.format(java.util.Locale.ROOT, " (%.0f/s)", decided / ageSeconds) : "")
                + (decided > 0 ? String.format(java.util.Locale.ROOT, " at %.1f us each",
                        i.path("policy_decision_ns").asLong() / 1000.0 / decided) : "")
                + ", " + i.path("cpu_share_percent").asLong() + "% of the CPU"
                + ", " + i.path("decisions").asLong() + " in all, "
                + SchedState.count(fallbacks, "fallback") + (i.path("last_fallback").isNull() ? ""
                : " (last: " + explain.apply(i.path("last_fallback").asText()) + ")");
    }
}
