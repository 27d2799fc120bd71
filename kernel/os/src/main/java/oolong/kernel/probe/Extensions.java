package oolong.kernel.probe;

import oolong.api.probe.FixedMaps;
import oolong.api.probe.Hooks;
import oolong.api.probe.Patch;
import oolong.api.sched.jit.CompiledExtension;
import oolong.api.sched.vm.ExtensionKind;
import oolong.api.sched.vm.PolicyInterpreter;
import oolong.api.sched.vm.PolicyVerifier;
import oolong.api.sched.vm.VerifiedPolicy;
import oolong.kernel.sched.CpuShare;

/**
 * The kernel's hook registry: which probes and patches are attached where, and running them when
 * a hook fires (docs/probes.md).
 *
 * A hook site in the kernel tests its bit in {@link #armed} — one load and a branch when nothing
 * is attached — and only then calls {@link #fire}. At a hook, probes run first, in the order they
 * were attached, then patches in the order they were attached until one returns something other
 * than {@link Patch#PASS}: that value is the decision, and later patches are not asked.
 *
 * An extension runs compiled to machine code when the kernel's {@link Compiler} compiled it at
 * attach time (the same compiler and switch as policies), else interpreted; either way with the
 * same budget, instruction counts and faults.
 *
 * Every invocation runs under the extension's instruction budget and the interpreter's call-depth
 * limit; a fault, or a value the hook does not allow ({@link Hooks#legal}), detaches the extension
 * at once and tells the listener (the agent turns it into a notice). The time extensions take is
 * bounded like a policy's decisions: over a sliding window they may use at most the scheduler's
 * CPU share; the extension that crosses it is detached.
 */
public final class Extensions {
    /** The kernel clock, in nanoseconds. */
    public interface Clock {
        long nanos();
    }

    /**
     * Compiles a verified probe or patch to machine code at attach time (the kernel's
     * PolicyCompilation, with the same switch as policies); host tests without code memory have none.
     */
    public interface Compiler {
        /** The compiled extension with this budget, or null: then {@link #note()} says why it is interpreted. */
        CompiledExtension compile(VerifiedPolicy v, long budget);

        String note();
    }

    /** Learns about extensions detached by the kernel (a fault, an illegal value, the CPU bound). */
    public interface Listener {
        void detached(Extension e, String reason);
    }

    public static final int MAX_PER_HOOK = 8;
    public static final int MAX_ATTACHED = 32;
    public static final int DETACHED_KEPT = 16;
    /** Instructions per invocation unless asked otherwise: a hook runs inside a system call or a fault. */
    public static final long DEFAULT_BUDGET = 2_000;
    public static final long CPU_WINDOW_NANOS = 1_000_000_000L;
    /** One hit in this many (a power of two) is timed and stands for them all ({@link #invoke}). */
    public static final long TIME_SAMPLE = 16;

    /** Each hook's bit in {@link #armed}, for the hook sites' test. */
    public static final long SYSCALL_ENTER_HOOK = 1L << Hooks.SYSCALL_ENTER;
    public static final long SYSCALL_EXIT_HOOK = 1L << Hooks.SYSCALL_EXIT;
    public static final long FORK_HOOK = 1L << Hooks.PROC_FORK;
    public static final long KILL_HOOK = 1L << Hooks.PROC_KILL;
    public static final long REAP_HOOK = 1L << Hooks.PROC_REAP;
    public static final long AWAIT_HOOK = 1L << Hooks.PROC_AWAIT;
    public static final long FAULT_HOOK = 1L << Hooks.MEM_FAULT;
    public static final long FRAME_ALLOC_HOOK = 1L << Hooks.MEM_FRAME_ALLOC;
    public static final long SWITCH_HOOK = 1L << Hooks.SCHED_SWITCH;
    public static final long PIPE_WRITE_HOOK = 1L << Hooks.PIPE_WRITE;
    public static final long PIPE_READ_HOOK = 1L << Hooks.PIPE_READ;
    public static final long TICK_HOOK = 1L << Hooks.TICK;

    /** Bit h is set while hook h has something attached: the hook sites' test. */
    public long armed;

    private final Clock clock;
    private final HookEvent event;
    private final Extension[][] chains = new Extension[Hooks.COUNT][MAX_PER_HOOK];
    private final int[] lengths = new int[Hooks.COUNT];
    private final Extension[] attached = new Extension[MAX_ATTACHED];
    private final Extension[] detached = new Extension[DETACHED_KEPT];
    private int detachedNext;
    private final CpuShare cpuShare = new CpuShare(CPU_WINDOW_NANOS);
    private int cpuPercent = 50;
    private Listener listener;
    private Compiler compiler;
    private int nextId = 1;
    private long sequence;
    private boolean running;
    private long nested;
    private long now;

    public Extensions(Clock clock) {
        this.clock = clock;
        this.event = new HookEvent(clock);
    }

    public void setListener(Listener listener) {
        this.listener = listener;
    }

    /** Compiles what attaches from now on (null: everything interpreted). */
    public void setCompiler(Compiler compiler) {
        this.compiler = compiler;
    }

    /** The share of the CPU extensions may take together (the scheduler's bound for policies). */
    public void setCpuPercent(int percent) {
        cpuPercent = Math.max(1, percent);
    }

    /** The tick counter events carry. */
    public void setNow(long ticks) {
        now = ticks;
    }

    public static long bit(int hook) {
        return 1L << hook;
    }

    /**
     * Verifies the class as a probe or a patch and attaches it at the end of the hook's chain, with
     * maps of `capacity` keys and an instruction budget per invocation. Throws
     * {@link oolong.api.sched.vm.PolicyRejected} with the verifier's reason, or
     * IllegalArgumentException for an unknown hook, a patch on a hook that cannot be patched, or
     * limits out of range; nothing is attached then.
     */
    public Extension attach(String hookName, ExtensionKind kind, byte[] classFile, long budget, int capacity) {
        int hook = Hooks.id(hookName);
        if (hook < 0) {
            throw new IllegalArgumentException("no hook '" + hookName + "'; hooks: " + hookNames());
        }
        if (kind != ExtensionKind.PROBE && kind != ExtensionKind.PATCH) {
            throw new IllegalArgumentException("only probes and patches attach at hooks, not a " + kind);
        }
        if (kind == ExtensionKind.PATCH && !Hooks.patchable(hook)) {
            throw new IllegalArgumentException(hookName + " cannot be patched, only probed (patchable: "
                    + patchableNames() + ")");
        }
        if (budget < 1 || budget > oolong.api.sched.vm.PolicyBudget.MAX) {
            throw new IllegalArgumentException("budget must be 1.." + oolong.api.sched.vm.PolicyBudget.MAX
                    + " instructions per invocation, not " + budget);
        }
        if (capacity < 1 || capacity > FixedMaps.MAX_CAPACITY) {
            throw new IllegalArgumentException("map capacity must be 1.." + FixedMaps.MAX_CAPACITY + ", not " + capacity);
        }
        if (lengths[hook] >= MAX_PER_HOOK) {
            throw new IllegalArgumentException(hookName + " already has " + MAX_PER_HOOK + " extensions attached");
        }
        int slot = freeSlot();
        if (slot < 0) {
            throw new IllegalArgumentException(MAX_ATTACHED + " extensions are attached already; detach one first");
        }
        VerifiedPolicy v = PolicyVerifier.verify(classFile, kind, compiler != null);     /* proofs kept for the compiler */
        PolicyInterpreter vm = new PolicyInterpreter(v);
        vm.setBudget(budget);
        CompiledExtension compiled = null;
        long compileNanos = 0;
        String note = "no compiler";
        if (compiler != null) {
            long t0 = clock.nanos();
            compiled = compiler.compile(v, budget);
            compileNanos = compiled != null ? clock.nanos() - t0 : 0;
            note = compiled != null ? "" : compiler.note();
            v.dropProofs();
        }
        Extension e = new Extension(nextId++, hook, kind, v.name(), v.className(), vm, compiled, compileNanos, note,
                new FixedMaps(capacity), sequence++);
        insert(e);
        attached[slot] = e;
        return e;
    }

    /** Detaches extension id (asked by the user); false if none is attached with that id. */
    public boolean detach(int id) {
        Extension e = byId(id);
        if (e == null) {
            return false;
        }
        remove(e, "detached");
        return true;
    }

    /** The attached extension with this id, or null. */
    public Extension byId(int id) {
        for (Extension e : attached) {
            if (e != null && e.id == id) {
                return e;
            }
        }
        return null;
    }

    /** Attached extensions, in slot order (null entries are free slots). */
    public Extension[] attached() {
        return attached;
    }

    /** The last DETACHED_KEPT extensions detached, newest last in ring order (null entries unused). */
    public Extension[] recentlyDetached() {
        return detached;
    }

    public int count() {
        int n = 0;
        for (Extension e : attached) {
            if (e != null) {
                n++;
            }
        }
        return n;
    }

    /** Extensions attached at one hook. */
    public int attachedAt(int hook) {
        return lengths[hook];
    }

    /** Hook firings skipped because they came from inside an extension's run (none is expected). */
    public long nested() {
        return nested;
    }

    /** The CPU share extensions took over the last window, in percent. */
    public long cpuSharePercent() {
        return cpuShare.percent(clock.nanos());
    }

    /** Fires a hook with up to three arguments; returns PASS or a patch's (legal) decision. */
    public long fire(int hook, int pid, long a0, long a1, long a2) {
        long[] a = event.args;
        a[0] = a0;
        a[1] = a1;
        a[2] = a2;
        a[3] = 0;
        a[4] = 0;
        a[5] = 0;
        return run(hook, pid);
    }

    /** Fires a hook with all six arguments (syscall:enter). */
    public long fire(int hook, int pid, long a0, long a1, long a2, long a3, long a4, long a5) {
        long[] a = event.args;
        a[0] = a0;
        a[1] = a1;
        a[2] = a2;
        a[3] = a3;
        a[4] = a4;
        a[5] = a5;
        return run(hook, pid);
    }

    private long run(int hook, int pid) {
        if (running) {
            nested++;
            return Patch.PASS;
        }
        running = true;
        try {
            event.hook = hook;
            event.pid = pid;
            event.now = now;
            Extension[] chain = chains[hook];
            int i = 0;
            while (i < lengths[hook]) {
                Extension e = chain[i];
                long r = invoke(e);
                if (!e.attached()) {
                    continue;        /* removed from the chain: the next one moved into slot i */
                }
                if (e.kind == ExtensionKind.PATCH && r != Patch.PASS) {
                    if (Hooks.legal(hook, r)) {
                        return r;
                    }
                    remove(e, e.name + " returned " + r + ", which " + Hooks.name(hook) + " does not allow (legal: "
                            + Hooks.legalValues(hook) + ", or Patch.PASS)");
                    continue;
                }
                i++;
            }
            return Patch.PASS;
        } finally {
            running = false;
        }
    }

    /**
     * The one place the kernel runs an extension's verified code. Compiled code is entered
     * through its lean entry (the event's arguments straight from the registry's array).
     *
     * The time a hit takes is sampled, not read twice per hit: one hit in {@link #TIME_SAMPLE}
     * (the first, then every TIME_SAMPLE-th of each extension) is timed on the clock and stands
     * for the TIME_SAMPLE hits around it, in the extension's nanos and in the CPU bound. The
     * other hits read no clock at all (a clock read and the CPU window's bookkeeping cost more
     * than a small compiled probe).
     */
    private long invoke(Extension e) {
        boolean timed = (e.hits & (TIME_SAMPLE - 1)) == 0;
        long t0 = timed ? clock.nanos() : 0;
        long r;
        try {
            CompiledExtension c = e.compiled;
            r = c != null ? c.decide(event, event.args, e.maps) : e.interpreter.decide(event, e.maps);
        } catch (RuntimeException x) {
            e.hits++;
            e.instructions += e.lastInstructions();
            remove(e, x.getMessage() == null ? x.getClass().getSimpleName() : x.getMessage());
            return Patch.PASS;
        }
        e.hits++;
        e.instructions += e.lastInstructions();
        if (timed) {
            long t1 = clock.nanos();
            long spent = (t1 - t0) * TIME_SAMPLE;
            e.nanos += spent;
            charge(e, t1, spent);
        }
        return r;
    }

    private void charge(Extension e, long t, long spent) {
        cpuShare.add(t, spent);
        if (cpuPercent >= 100) {
            return;
        }
        long used = cpuShare.nanos(t);
        if (used * 100 > (long) cpuPercent * cpuShare.windowNanos()) {
            long permille = used * 1000 / cpuShare.windowNanos();
            remove(e, "extensions used " + permille / 10 + "." + permille % 10 + "% of the CPU over the last "
                    + cpuShare.windowNanos() / 1_000_000 + " ms (the limit is " + cpuPercent + "%); " + e.name
                    + " took " + e.nanos / Math.max(1, e.hits) + " ns per hit");
            cpuShare.reset(t);
        }
    }

    /** Probes before patches; within each kind, in the order of attachment. */
    private void insert(Extension e) {
        Extension[] chain = chains[e.hook];
        int n = lengths[e.hook];
        int at = n;
        if (e.kind == ExtensionKind.PROBE) {
            at = 0;
            while (at < n && chain[at].kind == ExtensionKind.PROBE) {
                at++;
            }
        }
        for (int i = n; i > at; i--) {
            chain[i] = chain[i - 1];
        }
        chain[at] = e;
        lengths[e.hook] = n + 1;
        armed |= bit(e.hook);
    }

    private void remove(Extension e, String reason) {
        Extension[] chain = chains[e.hook];
        int n = lengths[e.hook];
        for (int i = 0; i < n; i++) {
            if (chain[i] == e) {
                for (int j = i; j + 1 < n; j++) {
                    chain[j] = chain[j + 1];
                }
                chain[n - 1] = null;
                lengths[e.hook] = n - 1;
                break;
            }
        }
        if (lengths[e.hook] == 0) {
            armed &= ~bit(e.hook);
        }
        for (int i = 0; i < attached.length; i++) {
            if (attached[i] == e) {
                attached[i] = null;
            }
        }
        e.detachReason = reason;
        if (e.compiled != null) {
            e.compiled.release();          /* its code pages go back now: a detached extension never runs again */
        }
        detached[detachedNext] = e;
        detachedNext = (detachedNext + 1) % DETACHED_KEPT;
        if (listener != null && !reason.equals("detached")) {
            listener.detached(e, reason);
        }
    }

    private int freeSlot() {
        for (int i = 0; i < attached.length; i++) {
            if (attached[i] == null) {
                return i;
            }
        }
        return -1;
    }

    static String hookNames() {
        StringBuilder b = new StringBuilder();
        for (int h = 0; h < Hooks.COUNT; h++) {
            b.append(h == 0 ? "" : ", ").append(Hooks.name(h));
        }
        return b.toString();
    }

    static String patchableNames() {
        StringBuilder b = new StringBuilder();
        for (int h = 0; h < Hooks.COUNT; h++) {
            if (Hooks.patchable(h)) {
                b.append(b.length() == 0 ? "" : ", ").append(Hooks.name(h));
            }
        }
        return b.toString();
    }
}
