package oolong.campaign.exec;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import oolong.api.Errno;
import oolong.campaign.model.Result;
import oolong.campaign.prog.Expectation;
import oolong.campaign.prog.FaultSetting;
import oolong.campaign.prog.HandleRef;
import oolong.campaign.prog.Program;
import oolong.campaign.prog.PuppetCommand;
import oolong.campaign.prog.Simulation;
import oolong.campaign.prog.Step;
import oolong.campaign.prog.StepOutcome;
import oolong.repl.agent.AgentException;
import oolong.repl.api.CheckReport;
import oolong.repl.api.Faults;
import oolong.repl.api.Kernel;
import oolong.repl.api.ProcessInfo;
import oolong.repl.api.ProcessTree;

/**
 * Runs a program on a live kernel through the REPL's facade, exactly as its .jsh would, with every
 * detector watching: after each step it waits until the program's puppets are quiet (each one
 * waiting for a command, blocked, or dead), compares every answer and the process tree with the
 * host model (the oracle: the seed's semantics), and runs the kernel's invariant check; at the end
 * it removes the program's processes and requires every leak counter back at the baseline. A
 * panic, a CPU exception, an internal error or a kernel that stops answering ends the run.
 *
 * Once a program sets a frame-allocation fault the host model cannot predict what follows (whether
 * a call allocates a frame depends on the puppet's memory): from there the run follows the kernel,
 * skips a step whose puppet is no longer there to take it, and only the kernel-side detectors judge.
 */
public final class Executor {
    /** How long a step's answer may take (a TCG guest on a loaded host is slow, but not this slow). */
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);
    static final Duration QUIET_TIMEOUT = Duration.ofSeconds(20);

    private final Vm vm;

    public Executor(Vm vm) {
        this.vm = vm;
    }

    public Vm vm() {
        return vm;
    }

    /** One blocked call of a puppet: the step and the answer to come. */
    private record Pending(Step step, CompletableFuture<JsonNode> answer) {
    }

    /** The state of one run. */
    private final class Running {
        final Kernel k = vm.kernel();
        final Simulation sim = new Simulation();
        final Map<String, Integer> pids = new HashMap<>();
        final Map<String, int[]> slots = new HashMap<>();
        final Map<String, Pending> pending = new LinkedHashMap<>();
        final List<Step> executed = new ArrayList<>();
        final List<StepOutcome> observed = new ArrayList<>();
        int anchor;
        boolean predicting = true;
        ProcessTree lastPs;
    }

    public Run run(Program program) {
        long t0 = System.nanoTime();
        try {
            vm.ensureBooted();
        } catch (IOException e) {
            return new Run(program.with(List.of()), List.of(), null, "the machine did not boot: " + e.getMessage(), null,
                    System.nanoTime() - t0, true);
        }
        Running r = new Running();
        Finding finding = null;
        String harness = null;
        int step = -1;
        try {
            r.anchor = r.k.spawn("sleeper", "999999999");
            r.pids.put(Program.ROOT, r.k.spawnUnder(r.anchor, "puppet"));
            r.lastPs = quiet(r);
            for (step = 0; step < program.size() && finding == null; step++) {
                finding = step(r, program.steps().get(step), step);
            }
            step = -1;
            if (finding == null) {
                finding = end(r);
            }
        } catch (HarnessError e) {
            harness = e.getMessage();
        } catch (RuntimeException e) {
            if (step >= 0 && step < program.size() && r.executed.size() == step) {
                r.executed.add(program.steps().get(step));      /* the step it happened in belongs to the reproducer */
            }
            finding = classify(e, Math.max(step, 0));
            if (finding == null) {
                harness = "step " + (step + 1) + ": " + e;
            }
        }
        BitSet coverage = null;
        if (finding == null && harness == null) {
            try {
                coverage = vm.takeCoverage();
            } catch (RuntimeException e) {
                harness = "coverage: " + e.getMessage();
            }
        }
        if (finding != null || harness != null) {
            try {
                vm.reboot();        /* the next program gets a kernel nothing is wrong with */
            } catch (IOException e) {
                harness = harness != null ? harness : "reboot after the finding failed: " + e.getMessage();
            }
        }
        for (Pending p : r.pending.values()) {
            p.answer().cancel(false);
        }
        return new Run(program.with(r.executed), r.observed, finding, harness, coverage, System.nanoTime() - t0,
                r.predicting);
    }

    /** Runs one step; a finding or null. */
    private Finding step(Running r, Step s, int index) {
        boolean predicted = r.predicting;
        if (!predicted && !runnable(r, s)) {
            return null;            /* unpredicted: the kernel took the puppet this step needs; skip it */
        }
        StepOutcome expected = predicted ? r.sim.apply(s) : null;
        r.predicting = r.sim.world().modeled();
        Result self = perform(r, s, expected);
        Map<String, Result> completed = new LinkedHashMap<>();
        r.lastPs = quiet(r);
        for (Map.Entry<String, Pending> e : new ArrayList<>(r.pending.entrySet())) {
            String var = e.getKey();
            ProcessInfo p = r.lastPs.pid(r.pids.get(var)).orElse(null);
            if (p != null && p.alive() && !p.state().equals("WAITS4REQUEST")) {
                continue;                   /* still blocked in its call */
            }
            JsonNode a = await(e.getValue().answer(), STEP_TIMEOUT);
            if (a == null) {
                throw new QuietTimeout(var + " is " + (p == null ? "gone" : p.state()) + " but its answer never came");
            }
            r.pending.remove(var);
            Result res = answered(e.getValue().step(), a);
            if (self == null && var.equals(s.actor())) {
                self = res;
            } else {
                completed.put(var, res);
            }
        }
        if (self == null) {
            self = Result.blocked();
        }
        bind(r, s, self);
        r.executed.add(s);
        r.observed.add(new StepOutcome(self, completed));
        CheckReport check = patient(r.k::check);         /* the kernel's own verdict first: it names what broke */
        if (!check.ok()) {
            return new Finding(Detector.CHECK, index, String.join("\n", check.violations()),
                    new Expectation.Check(check.violations().get(0)));
        }
        return predicted ? compare(r, index, s, expected, self, completed) : null;
    }

    private Finding compare(Running r, int index, Step s, StepOutcome expected, Result self, Map<String, Result> completed) {
        if (!Answers.same(expected.self(), self)) {
            return new Finding(Detector.SEMANTICS, index, "step " + (index + 1) + " (" + s + ") " + self
                    + " in the kernel, but by the seed's semantics it " + expected.self(), new Expectation.Self(expected.self()));
        }
        for (Map.Entry<String, Result> e : expected.completed().entrySet()) {
            Result got = completed.get(e.getKey());
            if (!Answers.same(e.getValue(), got)) {
                return new Finding(Detector.SEMANTICS, index, e.getKey() + "'s blocked call "
                        + (got == null ? "is still blocked" : got) + " in the kernel after step " + (index + 1) + " (" + s
                        + "), but by the seed's semantics it " + e.getValue(),
                        new Expectation.Completion(e.getKey(), e.getValue()));
            }
        }
        for (String var : completed.keySet()) {
            if (!expected.completed().containsKey(var)) {
                return new Finding(Detector.SEMANTICS, index, var + "'s blocked call " + completed.get(var)
                        + " in the kernel after step " + (index + 1) + " (" + s + "), but by the seed's semantics it "
                        + "still blocks", new Expectation.Completion(var, Result.blocked()));
            }
        }
        return Oracle.compareTree(index, r.sim, r.lastPs, r.pids, r.anchor);
    }

    /** Unpredicted mode: whether what the step needs is there in the kernel (by the last ps). */
    private boolean runnable(Running r, Step s) {
        for (String v : s.uses()) {
            if (!r.pids.containsKey(v) && !r.slots.containsKey(v)) {
                return false;
            }
        }
        if (s.defines() != null && (r.pids.containsKey(s.defines()) || r.slots.containsKey(s.defines()))) {
            return false;
        }
        if (s.actor() != null) {
            ProcessInfo p = r.lastPs.pid(r.pids.get(s.actor())).orElse(null);
            return p != null && p.state().equals("WAITS4REQUEST") && !r.pending.containsKey(s.actor());
        }
        String target = s instanceof Step.Kill k ? k.target() : s instanceof Step.Filicide f ? f.target()
                : s instanceof Step.Spawn sp ? sp.parent() : null;
        if (target != null) {
            ProcessInfo p = r.lastPs.pid(r.pids.get(target)).orElse(null);
            return p != null && p.alive();
        }
        return true;
    }

    /** Sends the step to the kernel; its result, or null when it is (or may be) blocked: see step(). */
    private Result perform(Running r, Step s, StepOutcome expected) {
        Kernel k = r.k;
        if (s.actor() != null) {
            String command = PuppetCommand.text(s, h -> slot(r, h));
            CompletableFuture<JsonNode> answer = k.agent().send("puppet", Map.of("pid", r.pids.get(s.actor()),
                    "command", command));
            boolean mayBlock = expected == null || expected.self().kind() == Result.Kind.BLOCKED;
            if (mayBlock) {
                r.pending.put(s.actor(), new Pending(s, answer));
                return null;
            }
            JsonNode a = await(answer, Duration.ofSeconds(3));
            if (a == null) {
                r.pending.put(s.actor(), new Pending(s, answer));     /* blocked after all? step() looks at its state */
                return null;
            }
            return answered(s, a);
        }
        if (s instanceof Step.Spawn sp) {
            try {
                int pid = k.spawnUnder(r.pids.get(sp.parent()), "puppet");
                r.pids.put(sp.child(), pid);
                return Result.created();
            } catch (AgentException e) {
                if (e.code().equals("ENOMEM")) {
                    return Result.returned(-Errno.ENOMEM);
                }
                throw e;
            }
        }
        if (s instanceof Step.Kill kill) {
            k.kill(r.pids.get(kill.target()), kill.code());
            return Result.returned(0);
        }
        if (s instanceof Step.Filicide f) {
            return Result.returned(k.filicide(r.pids.get(f.target())).size());
        }
        if (s instanceof Step.SetFault f) {
            setFault(r, f.fault());
            return Result.returned(0);
        }
        if (s instanceof Step.ClearFaults) {
            k.faults().clear();
            return Result.returned(0);
        }
        if (s instanceof Step.Policy p) {
            k.sched().use(p.name());
            return Result.returned(0);
        }
        throw new HarnessError("no way to run " + s);
    }

    private void setFault(Running r, FaultSetting f) {
        Faults.Point p = r.k.faults().prepare(f.point());
        if (!f.pids().isEmpty()) {
            p.forPids(f.pids().stream().mapToInt(r.pids::get).toArray());
        } else if (f.subtree() != null) {
            p.forSubtree(r.pids.get(f.subtree()));
        }
        p.probability(f.probability()).seed(f.seed()).every(f.every()).after(f.after()).times(f.times())
                .parameter(f.parameter()).on();
    }

    private static Result answered(Step s, JsonNode answer) {
        Result res = Answers.of(s, answer);
        if (res == null) {
            throw new HarnessError("the puppet's answer to '" + s + "' is not a result: " + answer);
        }
        return res;
    }

    /** Binds what the step made (a puppet's pid, a pipe's or dup's slots) as the kernel made it. */
    private void bind(Running r, Step s, Result self) {
        if (s instanceof Step.Fork f && self.kind() == Result.Kind.CREATED) {
            r.pids.put(f.child(), (int) self.value());
        }
        if (s instanceof Step.Pipe p && self.isReturn() && !self.failed()) {
            r.slots.put(p.ends(), new int[] {self.readEnd(), self.writeEnd()});
        }
        if (s instanceof Step.Dup d && self.isReturn() && !self.failed()) {
            r.slots.put(d.result(), new int[] {(int) self.value()});
        }
    }

    private static Integer slot(Running r, HandleRef h) {
        if (h.isLiteral()) {
            return h.literal();
        }
        int[] v = r.slots.get(h.var());
        if (v == null) {
            throw new HarnessError("handle " + h + " is not bound");
        }
        return h.end() >= 0 ? v[h.end()] : v[0];
    }

    /** The answer within the time, or null. */
    private static JsonNode await(CompletableFuture<JsonNode> f, Duration within) {
        try {
            return f.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /**
     * An agent call that may meet a slow host: when it times out (10 s), the kernel gets a minute to
     * answer a ping; if it does, the call is made once more (the machine was starved, not hung).
     */
    private <T> T patient(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalStateException e) {
            if (!String.valueOf(e.getMessage()).contains("did not answer") || !vm.answers(Duration.ofSeconds(60))) {
                throw e;
            }
            return call.get();
        }
    }

    /** Waits until no process of the program runs (each waits for a command, is blocked, or is dead). */
    private ProcessTree quiet(Running r) {
        long deadline = System.nanoTime() + QUIET_TIMEOUT.toNanos();
        while (true) {
            ProcessTree ps = patient(r.k::ps);
            String running = null;
            for (int pid : Oracle.subtree(ps, r.anchor)) {
                if (ps.pid(pid).map(p -> p.state().equals("RUNNING")).orElse(false)) {
                    running = "pid " + pid;
                }
            }
            if (running == null) {
                return ps;
            }
            if (System.nanoTime() > deadline) {
                throw new QuietTimeout(running + " of the program still runs after " + QUIET_TIMEOUT.toSeconds()
                        + " s (a puppet should be back waiting for a command within milliseconds)");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
    }

    /** Removes the program's processes; the leak counters must come back to the baseline. */
    private Finding end(Running r) {
        Kernel k = r.k;
        k.faults().clear();
        k.filicide(r.anchor);
        k.kill(r.anchor, 0);
        k.sched().use("seed");
        for (Pending p : r.pending.values()) {
            await(p.answer(), STEP_TIMEOUT);      /* each is answered with its puppet's exit */
        }
        r.pending.clear();
        r.sim.end();
        Map<String, Long> base = vm.baseline();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            Map<String, Long> now = patient(k::counters);
            List<String> leaks = new ArrayList<>();
            for (String c : Vm.LEAK_COUNTERS) {
                long b = base.getOrDefault(c, 0L);
                long n = now.getOrDefault(c, 0L);
                if (n > b) {
                    leaks.add(c + " was " + b + " before the program and is " + n + " after");
                }
            }
            if (leaks.isEmpty()) {
                return null;
            }
            if (System.nanoTime() > deadline) {
                return new Finding(Detector.LEAK, -1, String.join("\n", leaks), new Expectation.Leak(leaks.get(0)));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** What an exception during a step means: a panic, a CPU exception, an internal error, a hang, or null (the harness). */
    private Finding classify(RuntimeException e, int step) {
        String panic = null;
        try {
            panic = vm.session() == null ? null : vm.session().panic();
        } catch (RuntimeException ignored) {
            /* no session */
        }
        if (panic != null) {
            return new Finding(panic.contains("CPU EXCEPTION") ? Detector.CPU_EXCEPTION : Detector.PANIC, step,
                    firstLines(panic, 4), new Expectation.Survives("the kernel panicked"));
        }
        if (vm.ended()) {
            String console = vm.consoleTail(20);
            boolean cpu = console.contains("*** CPU EXCEPTION");
            return new Finding(cpu ? Detector.CPU_EXCEPTION : Detector.PANIC, step, cpu
                    ? firstLines(console.substring(console.indexOf("*** CPU EXCEPTION")), 4)
                    : "the machine stopped: " + e.getMessage(), new Expectation.Survives("the machine stopped"));
        }
        if (e instanceof AgentException a && a.code().equals("EINTERNAL")) {
            return new Finding(Detector.KERNEL_ERROR, step, a.getMessage(), new Expectation.Survives("the kernel failed"));
        }
        if (e instanceof QuietTimeout || String.valueOf(e.getMessage()).contains("did not answer")) {
            if (!vm.answers(Duration.ofSeconds(60))) {
                return new Finding(Detector.HANG, step, "the kernel does not answer a ping for a minute (" + e.getMessage()
                        + ")\nlast console lines:\n" + vm.consoleTail(8), new Expectation.Survives("the kernel hangs"));
            }
            if (e instanceof QuietTimeout) {
                return new Finding(Detector.HANG, step, e.getMessage(), new Expectation.Survives("a puppet hangs"));
            }
        }
        return null;
    }

    private static String firstLines(String text, int n) {
        String[] lines = text.strip().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, 0, Math.min(n, lines.length)));
    }

    /** The harness itself went wrong (never expected: counted and reported, not a kernel finding). */
    static final class HarnessError extends RuntimeException {
        HarnessError(String message) {
            super(message);
        }
    }

    static final class QuietTimeout extends RuntimeException {
        QuietTimeout(String message) {
            super(message);
        }
    }
}
