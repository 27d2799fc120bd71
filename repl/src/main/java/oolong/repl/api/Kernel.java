package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oolong.api.ExitCodes;
import java.util.function.Supplier;
import oolong.repl.agent.AgentClient;

/**
 * The live kernel, as REPL snippets see it ({@code k}). Every call is one request to the kernel's
 * agent; results are records that print readably and keep the raw JSON ({@code json()}).
 */
public final class Kernel {
    private final Supplier<AgentClient> agents;
    /** The machine underneath, for what reads it rather than asking the agent (stack, verifyPages); may be null. */
    private final Machine machine;
    /** Where a failed check is counted (the session's, which the batch runner reads). */
    private final Checks checks;
    private final List<KernelEvent> events = new ArrayList<>();
    private AgentClient listening;

    /**
     * The kernel of a session: the agent connection is looked up on each call (it changes when the
     * machine is rebooted or restored); failed checks are counted in {@code checks}.
     */
    public Kernel(Supplier<AgentClient> agents, Machine machine, Checks checks) {
        this.agents = agents;
        this.machine = machine;
        this.checks = checks;
    }

    /** A kernel on its own (tests, benchmarks): no machine to read, failed checks counted for itself. */
    public Kernel(Supplier<AgentClient> agents) {
        this(agents, null, new Checks());
    }

    private Machine machine() {
        if (machine == null) {
            throw new IllegalStateException("this kernel facade has no machine to read (made without one); pass it: verifyPages(pid, vm)");
        }
        return machine;
    }

    public AgentClient agent() {
        AgentClient a = agents.get();
        if (a != listening) {
            if (listening != null) {
                pull();     /* what the old connection received before it was replaced */
            }
            listening = a;
            memory.forget();
            sched.connectionChanged();
        }
        return a;
    }

    /**
     * Moves the events the connection has queued (from the moment it connected: boot, reboot and
     * restore included) into this facade's list, turning scheduler fallbacks into notices.
     */
    private void pull() {
        AgentClient a = listening;
        if (a == null) {
            return;
        }
        for (JsonNode e : a.drainEvents()) {
            memory.saw(e);
            synchronized (events) {
                events.add(event(e, sched::explain));
                if (e.path("event").asText().equals("sched") && !e.path("reason").asText().equals("installed")) {
                    notices.add("scheduler: " + e.path("from").asText() + " removed, back to " + e.path("to").asText()
                            + ": " + sched.explain(e.path("reason").asText()));
                }
                if (e.path("event").asText().equals("probe")) {
                    notices.add(e.path("kind").asText() + ": " + e.path("name").asText() + " detached from "
                            + e.path("hook").asText() + " (id " + e.path("id").asInt() + ") after " + e.path("hits").asLong()
                            + " hits: " + probes.explain(e));
                }
            }
        }
    }

    /**
     * The event as k.events() lists it: a scheduler fallback's reason explained as its notice is
     * (class-file lines turned into the lines typed), so both name the same line.
     */
    static KernelEvent event(JsonNode e, java.util.function.UnaryOperator<String> explain) {
        String kind = e.path("event").asText();
        boolean fallback = kind.equals("sched") && !e.path("reason").asText().equals("installed");
        return new KernelEvent(kind, e, System.currentTimeMillis(),
                fallback ? explain.apply(e.path("reason").asText()) : e.path("reason").asText());
    }

    JsonNode call(String op, Object... keyValues) {
        return agent().call(op, arguments(keyValues));
    }

    /** A call that may take longer than the usual timeout (a benchmark run in the kernel). */
    JsonNode callWithin(java.time.Duration timeout, String op, Object... keyValues) {
        return agent().call(op, arguments(keyValues), timeout);
    }

    private static Map<String, Object> arguments(Object... keyValues) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            args.put((String) keyValues[i], keyValues[i + 1]);
        }
        return args;
    }

    /** Round trip to the agent; returns the time it took in microseconds. */
    public long ping() {
        long t0 = System.nanoTime();
        call("ping");
        return (System.nanoTime() - t0) / 1000;
    }

    /**
     * The process tree. The facade keeps the last one and asks the kernel only for what changed
     * since ({@code "since"}, docs/agent-protocol.md), so a refresh costs per change, not per
     * process; the tree returned is whole either way (the same as a full {@code ps}).
     */
    public synchronized ProcessTree ps() {
        AgentClient a = agent();
        if (a != psConnection) {
            psCache.forget();          /* another boot or a restored snapshot: its generations are not ours */
            psConnection = a;
        }
        long since = psCache.generation();
        JsonNode result = since == 0 ? call("ps", "format", "rows") : call("ps", "format", "rows", "since", since);
        PsRows.Answer answer = PsRows.answer(result, psCache::depth);
        List<ProcessInfo> whole = psCache.apply(answer);
        if (whole == null) {
            psCache.forget();
            result = call("ps", "format", "rows");
            answer = PsRows.answer(result, pid -> -1);
            whole = psCache.apply(answer);
        }
        memory.saw(answer.rows());
        List<ProcessInfo> tree = whole;
        return answer.full() ? new ProcessTree(tree, result) : new ProcessTree(tree, () -> PsCache.json(tree));
    }

    private final PsCache psCache = new PsCache();
    private AgentClient psConnection;

    private final KernelMemory memory = new KernelMemory();

    /** Program names and policy swaps seen so far (events received until now included), for the pictures. */
    KernelMemory memory() {
        agent();
        pull();
        return memory;
    }

    /** One process in depth: children, what it waits for, saved registers, sharing, CPU. */
    public ProcessDetail proc(int pid) {
        return ProcessDetail.from(withSymbols(call("proc", "pid", pid)));
    }

    /** The saved rip with its symbol in the user image: "rip_symbol": "oolong.user.programs.Tree.main(String[]) + 0x4c". */
    private static JsonNode withSymbols(JsonNode proc) {
        if (proc instanceof com.fasterxml.jackson.databind.node.ObjectNode o && proc.has("rip")) {
            oolong.repl.introspect.Symbolizer.code(proc.path("rip").asLong()).ifPresent(s -> o.put("rip_symbol", s));
        }
        return proc;
    }

    /**
     * A process's user stack, from its saved registers and its memory (read through QEMU, not the
     * agent), with Java method names from the user image (vm.core().stack(pid)).
     */
    public oolong.introspect.kernel.Backtrace stack(int pid) {
        return machine().core().stack(pid);
    }

    /** Kills a process as the kernel's kill does (the seed's semantics), with exit code -1. */
    public ProcessInfo kill(int pid) {
        return kill(pid, ExitCodes.KILLED);
    }

    public ProcessInfo kill(int pid, long code) {
        try {
            return ProcessInfo.from(call("kill", "pid", pid, "code", code));
        } catch (oolong.repl.agent.AgentException e) {
            throw AgentMessages.withForcingCall(e, "call k.kill(" + pid + ", " + code + ", true)");
        }
    }

    /** Kills even init while it has children: the seed's panic ("init killed prematurely"). */
    public ProcessInfo kill(int pid, long code, boolean force) {
        return ProcessInfo.from(call("kill", "pid", pid, "code", code, "force", force));
    }

    /** Kills every descendant of a process, deepest first; returns the pids killed. */
    public List<Integer> filicide(int pid) {
        return filicide(pid, ExitCodes.KILLED);
    }

    public List<Integer> filicide(int pid, long code) {
        List<Integer> killed = new ArrayList<>();
        for (JsonNode n : call("filicide", "pid", pid, "code", code).path("killed")) {
            killed.add(n.asInt());
        }
        return killed;
    }

    public HandleTable handles(int pid) {
        return HandleTable.from(call("handles", "pid", pid));
    }

    public PageMap pages(int pid) {
        return PageMap.from(call("pages", "pid", pid));
    }

    /** Starts a program of the user image as a child of init; returns its pid. */
    public int spawn(String program, String... args) {
        return spawnUnder(1, program, args);
    }

    /** Starts a program as a child of the given process. */
    public int spawnUnder(int parent, String program, String... args) {
        return call("spawn", "program", program, "args", List.of(args), "parent", parent).path("pid").asInt();
    }

    /**
     * Compares the kernel's page list for a process with what the CPU would translate: the kernel
     * loads the process's page tables and holds them while the machine is paused and QEMU walks
     * them (`info tlb`), then every user page is compared (frame, writable, user, no-execute).
     */
    public PageCheck verifyPages(int pid, Machine vm) {
        PageMap kernelView = pages(pid);
        JsonNode held = call("hold", "pid", pid, "timeout_ms", 10_000);
        java.util.List<oolong.qmp.TlbEntry> hardware;
        try {
            vm.pause();
            try {
                hardware = vm.tlb();
            } finally {
                vm.resume();
            }
        } finally {
            call("release");
        }
        PageCheck check = PageComparison.compare(pid, held.path("cr3").asLong(), kernelView, hardware);
        if (!check.ok()) {
            checks.recordFailure();      /* a batch script with a difference exits 2 */
        }
        return check;
    }

    /** The same, with the REPL's own machine. */
    public PageCheck verifyPages(int pid) {
        return verifyPages(pid, machine());
    }

    private final Sched sched = new Sched(this);
    private final Faults faults = new Faults(this);

    /** Fault injection: fault points with Linux-style knobs. */
    public Faults faults() {
        return faults;
    }

    /** Random spawns, forks, kills and filicides with a check after every step (see {@link Chaos}). */
    public Chaos.Report chaos(long seed, int steps) {
        return Chaos.run(this, seed, steps);
    }

    /**
     * The same over a live root started as {@code program args} (e.g. "tree", "3", "2"): its
     * processes are targets from the first step; it is killed at the end and every counter must be
     * back where it was before it started.
     */
    public Chaos.Report chaos(long seed, int steps, String program, String... args) {
        return Chaos.run(this, seed, steps, program, args);
    }

    /**
     * Chaos with fault injection in the root's subtree: that share of frame allocations and of
     * process creations fail (a root that dies of it is replaced), e.g.
     * {@code k.chaos(7, 3000, new Chaos.FaultMix(0.03, 0.1), "tree", "3", "2")}.
     */
    public Chaos.Report chaos(long seed, int steps, Chaos.FaultMix faults, String program, String... args) {
        return Chaos.run(this, seed, steps, faults, program, args);
    }

    /**
     * The counters once the kernel is quiet (the same for half a second, at most 10 s): a baseline
     * for {@link #leakReport}. Right after boot, init is still touching its first pages, so a
     * baseline taken at once would report a "leak" that is only start-up.
     */
    public java.util.Map<String, Long> baseline() {
        java.util.Map<String, Long> last = counters();
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (int same = 0; same < 5 && System.nanoTime() < deadline; ) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            java.util.Map<String, Long> now = counters();
            boolean equal = true;
            for (String name : Chaos.LEAK_COUNTERS) {
                equal &= java.util.Objects.equals(now.get(name), last.get(name));
            }
            same = equal ? same + 1 : 0;
            last = now;
        }
        return last;
    }

    /** The check's counters (processes, handles, address spaces, frames...), for before/after comparisons. */
    public java.util.Map<String, Long> counters() {
        return CheckReport.from(call("check")).counters();
    }

    /**
     * What changed in the leak-relevant counters since a baseline from {@link #counters()}, after
     * waiting (up to 5 s) for init to reap what died. A leak fails a batch script.
     */
    public LeakReport leakReport(java.util.Map<String, Long> baseline) {
        LeakReport r = LeakReport.of(baseline, Chaos.settle(this, baseline));
        if (!r.clean()) {
            checks.recordFailure();
        }
        return r;
    }

    private final SentClasses sentClasses = new SentClasses();
    private final Probes probes = new Probes(this);

    /** Policies, probes and patches sent to the kernel from this REPL, to explain what the kernel says of them. */
    SentClasses sentClasses() {
        return sentClasses;
    }

    /**
     * Attaches a probe at a hook (docs/probes.md): a class implementing {@code Probe}, verified here
     * and again in the kernel, run at every event of the hook; its maps are read with the handle.
     * <pre>
     *   class Getpids implements Probe {
     *       public void fire(Event e, Maps m) { if (e.arg(0) == Syscall.GETPID) m.add(0, e.pid(), 1); }
     *   }
     *   var p = k.probe("syscall:enter", Getpids.class)
     * </pre>
     */
    public ProbeHandle probe(String hook, Class<?> cls) {
        return probes.attach(hook, cls, oolong.api.sched.vm.ExtensionKind.PROBE);
    }

    /**
     * Attaches a patch at a patchable hook (syscall:enter, syscall:exit, mem:frame-alloc): its
     * {@code decide} returns {@code Patch.PASS} to let the kernel go on, or a value the hook allows
     * (an errno, a result) that replaces what the kernel would do.
     */
    public ProbeHandle patch(String hook, Class<?> cls) {
        return probes.attach(hook, cls, oolong.api.sched.vm.ExtensionKind.PATCH);
    }

    /** Detaches the probe or patch with this id, as {@link #probes()} lists it (a handle's detach keeps its maps). */
    public void detach(int id) {
        probes.detach(id);
    }

    /** Everything attached at the hooks, with hits, mean cost, drops and faults, and what the kernel detached. */
    public ProbeList probes() {
        return probes.list();
    }

    /** The scheduler: policies, tuning, CPU shares, the timeline. */
    public Sched sched() {
        return sched;
    }

    /** A new puppet: a user process (child of init) that makes the system calls you ask for. */
    public Puppet puppet() {
        return new Puppet(this, spawn("puppet"));
    }

    /** A puppet object for an existing puppet process. */
    public Puppet puppet(int pid) {
        return new Puppet(this, pid);
    }

    /** The kernel's invariant check; a failed check fails a batch script. */
    public CheckReport check() {
        CheckReport r = CheckReport.from(call("check"));
        if (!r.ok()) {
            checks.recordFailure();
        }
        return r;
    }

    /** Kernel-wide figures: uptime, processes, scheduler, frames, heap, collector, agent, interrupts. */
    public KernelStats stats() {
        return KernelStats.from(call("stats"));
    }

    private final List<String> notices = new ArrayList<>();

    /**
     * Things the user should hear about without asking (a scheduling policy thrown out, with the
     * reason), taken once: the console prints them before the next prompt, batch mode after the snippet.
     */
    public List<String> takeNotices() {
        agent();
        pull();
        synchronized (events) {
            List<String> out = List.copyOf(notices);
            notices.clear();
            return out;
        }
    }

    /** Events pushed by the kernel since the last call (a list that prints one per line). */
    public KernelEvents events() {
        agent();
        pull();
        synchronized (events) {
            KernelEvents out = new KernelEvents(events);
            events.clear();
            return out;
        }
    }

    @Override
    public String toString() {
        try {
            return "kernel (agent " + (agent().connected() ? "connected" : "disconnected") + ")";
        } catch (RuntimeException e) {
            return "kernel (" + e.getMessage() + ")";
        }
    }
}
