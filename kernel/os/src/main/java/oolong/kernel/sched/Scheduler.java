package oolong.kernel.sched;

import oolong.api.sched.Policy;
import oolong.api.sched.RunQueue;

/**
 * Picks the next process with the current {@link Policy}, and swaps policies safely.
 *
 * Each decision lists the runnable processes in tree order (through {@link Source}), offers them
 * to the policy as a {@link RunQueue}, and checks the answer. A policy that throws, answers an
 * index out of range or leaves a runnable process waiting longer than the watchdog allows is
 * dropped and the previous policy restored at once; the reason is kept for the REPL (like Linux's
 * sched_ext). The built-in policies and policies loaded into the kernel's verifying interpreter
 * are treated the same way.
 */
public final class Scheduler implements RunQueue {
    /** Lists the runnable processes, in tree order, into the array; returns how many. */
    public interface Source {
        int collectRunnable(SchedEntity[] out);
    }

    /** Learns about policy swaps and fallbacks (the agent turns them into events). */
    public interface Listener {
        void policyChanged(String from, String to, String reason);
    }

    public static final int MAX_RUNNABLE = 4096;
    /** A runnable process not picked for this many ticks means the policy starves it. */
    public static final long DEFAULT_WATCHDOG_TICKS = 500;

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
    private Policy previous;
    private String previousName;
    private Listener listener;
    private long watchdogTicks = DEFAULT_WATCHDOG_TICKS;

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
        startPolicyStats();
    }

    public void setListener(Listener listener) {
        this.listener = listener;
    }

    public void setWatchdogTicks(long ticks) {
        watchdogTicks = ticks;
    }

    /** Installs a policy; the old one is kept to fall back to. Scratch values start at zero. */
    public void use(Policy next, String name) {
        previous = policy;
        previousName = policyName;
        policy = next;
        policyName = name;
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
        SchedEntity starving = starving();
        if (starving != null && previous != null && policy != previous) {
            fallBack("watchdog: pid " + starving.pid + " was runnable but not picked for "
                    + (now - Math.max(starving.lastRunTick, starving.runnableSinceTick)) + " ticks");
        }
        requestedSlice = 1;
        long t0 = System.nanoTime();
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
        long t1 = System.nanoTime();
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
        return e;
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

    private SchedEntity starving() {
        if (watchdogTicks <= 0) {
            return null;
        }
        for (int i = 0; i < count; i++) {
            SchedEntity e = runnable[i];
            long since = Math.max(e.lastRunTick, e.runnableSinceTick);
            if (now - since > watchdogTicks) {
                return e;
            }
        }
        return null;
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
            policy = previous;
            policyName = previousName;
        } else {
            policy = new SeedPolicy();
            policyName = "seed";
        }
        previous = null;
        previousName = null;
        resetScratch();
        startPolicyStats();
        if (listener != null) {
            listener.policyChanged(from, policyName, reason);
        }
    }

    private void startPolicyStats() {
        policyDecisions = 0;
        policyDecisionNanos = 0;
        installedAtNanos = System.nanoTime();
        firstDecisionDelayNanos = -1;
    }

    /**
     * A new policy starts with zeroed scratch values: the global ones now, each process's the
     * first time the new policy touches them (a generation number tells stale from fresh).
     */
    private void resetScratch() {
        java.util.Arrays.fill(global, 0);
        generation++;
    }

    private long[] scratchOf(int i) {
        SchedEntity e = at(i);
        if (e.scratchGeneration != generation) {
            e.clearScratch();
            e.scratchGeneration = generation;
        }
        return e.scratch;
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
        return System.nanoTime() - installedAtNanos;
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
        return scratchOf(i)[slot];
    }

    @Override
    public void setScratch(int i, int slot, long value) {
        checkSlot(slot, SCRATCH_SLOTS, "scratch");
        scratchOf(i)[slot] = value;
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

    @Override
    public void setSlice(int ticks) {
        requestedSlice = ticks;
    }
}
