package oolong.kernel.sched;

import oolong.kernel.random.XorShift;
import oolong.api.sched.Policy;
import oolong.api.sched.RunQueue;

/**
 * Picks the next process with the current {@link Policy}, and swaps policies safely.
 *
 * Each decision lists the runnable processes in tree order (through {@link Source}), offers them
 * to the policy as a {@link RunQueue}, and checks the answer. A policy is dropped and the previous
 * one restored at once (like Linux's sched_ext; the reason is kept for the REPL) when it throws,
 * answers an index out of range, leaves a runnable process waiting longer than the watchdog
 * allows, or spends more than its share of the CPU deciding.
 *
 * Who is judged: a policy from the user (a verified class, interpreted or compiled) is held to
 * the watchdog and the CPU bound whenever it runs, also when a fallback has restored it. The
 * built-in policies, chosen by name, are trusted: they are what a fallback ends at, so throwing
 * one out in favour of a user's policy it replaced would blame the wrong policy (the seed's
 * policy never preempts, and starves by design). Any policy that throws or answers out of range
 * is removed, built-in or not.
 *
 * Time here is the kernel clock in nanoseconds ({@link Clock}); policies see ticks. Waits are
 * counted from the later of a process's last run, the moment it became runnable and the moment
 * the current policy was installed, so a policy is never blamed for its predecessor's starvation.
 */
public final class Scheduler implements RunQueue, oolong.api.sched.jit.XorShiftRandom {
    /** Lists the runnable processes, in tree order, into the array; returns how many. */
    public interface Source {
        int collectRunnable(SchedEntity[] out);
    }

    /** Learns about policy swaps and fallbacks (the agent turns them into events). */
    public interface Listener {
        void policyChanged(String from, String to, String reason);
    }

    /** The kernel clock, in nanoseconds. */
    public interface Clock {
        long nanos();
    }

    public static final int MAX_RUNNABLE = 4096;
    /** A runnable process that waited this long (plus {@link #WAIT_TICKS_PER_RUNNABLE} per runnable process) is starved. */
    public static final long DEFAULT_WATCHDOG_NANOS = 1_000_000_000L;
    /**
     * The watchdog's allowance per runnable process, in ticks: a fair policy with one-tick slices
     * makes each of N processes wait N-1 ticks, a random one (lottery) a few times that.
     */
    public static final int WAIT_TICKS_PER_RUNNABLE = 10;
    /** Decisions may take at most this share of the CPU over the window. */
    public static final int DEFAULT_CPU_PERCENT = 50;
    public static final long CPU_WINDOW_NANOS = 1_000_000_000L;
    /** The longest a process runs before the policy is asked again (a longer slice is cut into these). */
    public static final long DEFAULT_MAX_SLICE_NANOS = 100_000_000L;

    private final Source source;
    private final SchedEntity[] runnable = new SchedEntity[MAX_RUNNABLE];
    private int count;
    private int currentIndex;
    private long now;
    private final long[] global = new long[GLOBAL_SLOTS];
    private final XorShift random = new XorShift(0x9E3779B97F4A7C15L);
    private int requestedSlice;
    private long generation = 1;

    private Policy policy;
    private String policyName;
    /** The current policy is built in: the watchdog and the CPU bound do not judge it. */
    private boolean trusted;
    private Policy previous;
    private String previousName;
    private boolean previousTrusted;
    private Listener listener;
    private Clock clock = System::nanoTime;
    private long watchdogNanos = DEFAULT_WATCHDOG_NANOS;
    private long tickNanos = 10_000_000L;
    private int cpuPercent = DEFAULT_CPU_PERCENT;
    private long maxSliceNanos = DEFAULT_MAX_SLICE_NANOS;
    private final CpuShare cpuShare = new CpuShare(CPU_WINDOW_NANOS);
    /** Waits are not counted before this time: the policy's installation, or the end of a pause the policy did not cause. */
    private long waitsCountFrom;

    private long decisions;
    private long decisionNanos;
    /** Decisions and their cost since the current policy was installed. */
    private long policyDecisions;
    private long policyDecisionNanos;
    private long installedAtNanos;
    /** Time from installing the current policy to its first decision; -1 until it has decided. */
    private long firstDecisionDelayNanos = -1;
    private long fallbacks;
    private String lastFallbackReason;

    public Scheduler(Source source, Policy initial, String initialName) {
        this.source = source;
        this.policy = initial;
        this.policyName = initialName;
        this.trusted = true;        /* the kernel's own choice at boot */
        startPolicyStats();
    }

    public void setListener(Listener listener) {
        this.listener = listener;
    }

    /** The clock waits, slices and decision costs are measured with (tests use a simulated one). */
    public void setClock(Clock clock) {
        this.clock = clock;
        startPolicyStats();
    }

    public long nanos() {
        return clock.nanos();
    }

    /** How long a runnable process may wait (plus the per-process allowance); 0 turns the watchdog off. */
    public void setWatchdogNanos(long nanos) {
        watchdogNanos = Math.max(0, nanos);
    }

    public long watchdogNanos() {
        return watchdogNanos;
    }

    /** The timer's period (the watchdog's allowance per runnable process is counted in ticks). */
    public void setTickNanos(long nanos) {
        tickNanos = Math.max(1, nanos);
    }

    /** The share of the CPU (percent of {@link #CPU_WINDOW_NANOS}) decisions may take; 100 or more turns the bound off. */
    public void setCpuPercent(int percent) {
        cpuPercent = Math.max(1, percent);
    }

    public int cpuPercent() {
        return cpuPercent;
    }

    /** The longest a process runs without a new decision, whatever slice its policy gave it. */
    public void setMaxSliceNanos(long nanos) {
        maxSliceNanos = Math.max(tickNanos, nanos);
    }

    public long maxSliceNanos() {
        return maxSliceNanos;
    }

    /** The current policy's share of the CPU over the last window, in percent. */
    public long cpuSharePercent() {
        return cpuShare.percent(clock.nanos());
    }

    /**
     * The kernel ran no process for a while by its own choice (the agent held an address space,
     * a fault point swallowed ticks): waits before now are not the policy's doing.
     */
    public void excuseWaitsUntilNow() {
        waitsCountFrom = Math.max(waitsCountFrom, clock.nanos());
    }

    /** Installs a user's policy (judged); the old one is kept to fall back to. Scratch values start at zero. */
    public void use(Policy next, String name) {
        use(next, name, false);
    }

    /**
     * Installs a policy; the old one is kept to fall back to. {@code builtIn}: one of the kernel's
     * own policies, trusted (not judged by the watchdog or the CPU bound).
     */
    public void use(Policy next, String name, boolean builtIn) {
        previous = policy;
        previousName = policyName;
        previousTrusted = trusted;
        policy = next;
        policyName = name;
        trusted = builtIn;
        resetScratch();
        startPolicyStats();
        if (listener != null) {
            listener.policyChanged(previousName, name, "installed");
        }
    }

    public String policyName() {
        return policyName;
    }

    public Policy policy() {
        return policy;
    }

    /** Whether the current policy is judged by the watchdog and the CPU bound (it is the user's, not built in). */
    public boolean policyJudged() {
        return !trusted;
    }

    /** Advances the scheduler's clock (call on every timer tick). */
    public void tick(long nowTick) {
        now = nowTick;
    }

    public long now() {
        return now;
    }

    /**
     * Picks the process to run next, or null when none can run. {@code last} is the entity that
     * ran last (it is "current" to the policy if it is still runnable).
     */
    public SchedEntity pick(SchedEntity last) {
        long t = clock.nanos();
        if (last != null) {
            last.lastRanNanos = t;       /* it had the CPU until this decision */
        }
        count = source.collectRunnable(runnable);
        if (count == 0) {
            return null;
        }
        currentIndex = -1;
        for (int i = 0; i < count; i++) {
            if (runnable[i] == last) {
                currentIndex = i;
                break;
            }
        }
        if (!trusted) {
            SchedEntity starving = starving(t);
            if (starving != null) {
                fallBack("watchdog: pid " + starving.pid + " was runnable but did not run for "
                        + (t - waitStart(starving)) / 1_000_000 + " ms (the limit is " + waitLimit() / 1_000_000
                        + " ms with " + count + " runnable" + (last != null && last != starving
                        ? "; pid " + last.pid + " ran last, on a slice of " + last.slice + (last.slice == 1 ? " tick" : " ticks")
                        : "") + ")");
            }
        }
        requestedSlice = 1;
        long fallbacksBefore = fallbacks;
        long t0 = clock.nanos();
        int choice;
        try {
            choice = policy.pick(this);
        } catch (RuntimeException e) {
            choice = -1;
            fallBack(describe(e));
            requestedSlice = 1;
            choice = safePick();
        }
        if (choice < 0 || choice >= count) {
            fallBack("returned " + choice + " with " + count + " runnable processes");
            requestedSlice = 1;
            choice = safePick();
        }
        long t1 = clock.nanos();
        decisionNanos += t1 - t0;
        decisions++;
        policyDecisionNanos += t1 - t0;
        policyDecisions++;
        if (firstDecisionDelayNanos < 0) {
            firstDecisionDelayNanos = t1 - installedAtNanos;
        }
        SchedEntity e = runnable[choice];
        e.slice = Math.max(1, Math.min(requestedSlice, 1000));
        e.runs++;
        e.lastRunTick = now;
        e.lastRanNanos = t1;
        if (fallbacks == fallbacksBefore) {
            chargeDecision(t1, t1 - t0);
        }
        return e;
    }

    /**
     * Adds a decision's cost to the policy's window and throws the policy out when its decisions
     * took more than the allowed share of the CPU.
     */
    private void chargeDecision(long t, long spent) {
        cpuShare.add(t, spent);
        if (trusted || cpuPercent >= 100) {
            return;
        }
        long used = cpuShare.nanos(t);
        if (used * 100 > (long) cpuPercent * cpuShare.windowNanos()) {
            long n = cpuShare.decisions(t);
            long permille = used * 1000 / cpuShare.windowNanos();
            fallBack("used " + permille / 10 + "." + permille % 10 + "% of the CPU deciding over the last "
                    + cpuShare.windowNanos() / 1_000_000 + " ms (the limit is " + cpuPercent + "%): " + n
                    + " decisions at " + used / Math.max(1, n) / 1000 + " us each");
        }
    }

    private int safePick() {
        try {
            int c = policy.pick(this);
            if (c >= 0 && c < count) {
                return c;
            }
        } catch (RuntimeException e) {
            /* the fallback failed too: use the seed's rule directly below */
        }
        return currentIndex >= 0 ? currentIndex : 0;
    }

    /** The runnable process that has waited longest beyond the watchdog's limit, or null. */
    private SchedEntity starving(long t) {
        if (watchdogNanos <= 0) {
            return null;
        }
        long limit = waitLimit();
        SchedEntity worst = null;
        for (int i = 0; i < count; i++) {
            SchedEntity e = runnable[i];
            if (t - waitStart(e) > limit && (worst == null || waitStart(e) < waitStart(worst))) {
                worst = e;
            }
        }
        return worst;
    }

    /** Since when a process has been waiting, as far as the current policy is concerned. */
    private long waitStart(SchedEntity e) {
        return Math.max(Math.max(e.lastRanNanos, e.runnableSinceNanos), waitsCountFrom);
    }

    private long waitLimit() {
        return watchdogNanos + (long) count * WAIT_TICKS_PER_RUNNABLE * tickNanos;
    }

    private static String describe(RuntimeException e) {
        String m = e.getMessage();
        if (e instanceof oolong.api.sched.vm.PolicyFault) {
            return m;
        }
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private void fallBack(String reason) {
        fallbacks++;
        lastFallbackReason = policyName + " removed: " + reason;
        String from = policyName;
        if (previous != null && previous != policy) {
            /* a user's policy restored here is judged again, from now: it is no more trusted for having been replaced */
            policy = previous;
            policyName = previousName;
            trusted = previousTrusted;
        } else {
            policy = new SeedPolicy();
            policyName = "seed";
            trusted = true;
        }
        previous = null;
        previousName = null;
        previousTrusted = false;
        resetScratch();
        startPolicyStats();
        if (listener != null) {
            listener.policyChanged(from, policyName, reason);
        }
    }

    private void startPolicyStats() {
        policyDecisions = 0;
        policyDecisionNanos = 0;
        installedAtNanos = clock.nanos();
        firstDecisionDelayNanos = -1;
        waitsCountFrom = installedAtNanos;
        cpuShare.reset(installedAtNanos);
    }

    /**
     * A new policy starts with zeroed scratch values: the global ones now, each process's the
     * first time the new policy touches them (a generation number tells stale from fresh).
     */
    private void resetScratch() {
        java.util.Arrays.fill(global, 0);
        generation++;
    }

    private SchedEntity scratchOf(int i) {
        SchedEntity e = at(i);
        if (e.scratchGeneration != generation) {
            e.clearScratch();
            e.scratchGeneration = generation;
        }
        return e;
    }

    /** Ticks the picked entity may run: the slice its policy chose. */
    public int sliceOf(SchedEntity e) {
        return e.slice;
    }

    public long decisions() {
        return decisions;
    }

    public long decisionNanos() {
        return decisionNanos;
    }

    /** Decisions made by the current policy since it was installed. */
    public long policyDecisions() {
        return policyDecisions;
    }

    /** Time the current policy spent deciding since it was installed. */
    public long policyDecisionNanos() {
        return policyDecisionNanos;
    }

    /** Nanoseconds since the current policy was installed (decisions per second = policyDecisions / this). */
    public long policyAgeNanos() {
        return clock.nanos() - installedAtNanos;
    }

    /** Nanoseconds from installing the current policy to its first decision, or -1 if it has not decided yet. */
    public long firstDecisionDelayNanos() {
        return firstDecisionDelayNanos;
    }

    public long fallbacks() {
        return fallbacks;
    }

    public String lastFallbackReason() {
        return lastFallbackReason;
    }

    // ------------------------------------------------------------------ RunQueue, as the policy sees it

    private SchedEntity at(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("process index " + i + " of " + count);
        }
        return runnable[i];
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public int current() {
        return currentIndex;
    }

    @Override
    public int pid(int i) {
        return at(i).pid;
    }

    @Override
    public int parentPid(int i) {
        return at(i).ppid;
    }

    @Override
    public int depth(int i) {
        return at(i).depth;
    }

    @Override
    public int nice(int i) {
        return at(i).nice;
    }

    @Override
    public int weight(int i) {
        return at(i).weight;
    }

    @Override
    public long cpuMicros(int i) {
        return at(i).cpuNanos / 1000;
    }

    @Override
    public long waiting(int i) {
        return now - at(i).runnableSinceTick;
    }

    @Override
    public long sinceRun(int i) {
        SchedEntity e = at(i);
        return now - (e.lastRunTick >= 0 ? e.lastRunTick : e.createdTick);
    }

    @Override
    public long scratch(int i, int slot) {
        checkSlot(slot, SCRATCH_SLOTS, "scratch");
        return scratchOf(i).scratch(slot);
    }

    @Override
    public void setScratch(int i, int slot, long value) {
        checkSlot(slot, SCRATCH_SLOTS, "scratch");
        scratchOf(i).setScratch(slot, value);
    }

    @Override
    public long global(int slot) {
        checkSlot(slot, GLOBAL_SLOTS, "global");
        return global[slot];
    }

    @Override
    public void setGlobal(int slot, long value) {
        checkSlot(slot, GLOBAL_SLOTS, "global");
        global[slot] = value;
    }

    private static void checkSlot(int slot, int limit, String what) {
        if (slot < 0 || slot >= limit) {
            throw new IndexOutOfBoundsException(what + " slot " + slot + " (0.." + (limit - 1) + ")");
        }
    }

    @Override
    public int random(int bound) {
        return random.next(bound);
    }

    /** Lent to compiled policies, which draw from it inline (XorShiftRandom). */
    @Override
    public long randomState() {
        return random.state();
    }

    @Override
    public void setRandomState(long state) {
        random.setState(state);
    }

    @Override
    public void setSlice(int ticks) {
        requestedSlice = ticks;
    }
}
