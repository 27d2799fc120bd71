package oolong.api.sched.vm;

import java.util.Arrays;
import java.util.SplittableRandom;
import oolong.api.sched.RunQueue;

/**
 * A run queue built from a seed, with processes joining and leaving between decisions, so that
 * two copies fed to two implementations of a policy must stay identical decision after decision.
 * Two queues made from the same seed and size start and evolve identically given the same choices.
 * Every read and write checks its indices like the kernel's run queue does. Public for kernel/os's
 * tests of the built-in policies, which use the same snapshots.
 */
public final class SnapshotQueue implements RunQueue {
    int n;
    int[] pid;
    int[] ppid;
    int[] depth;
    int[] nice;
    int[] weight;
    long[] cpu;
    long[] since;
    long[] lastRun;
    long[][] scratch;
    long[] global = new long[GLOBAL_SLOTS];
    int current;
    long now;
    int slice;
    /** What {@link #random} draws from, and how often it was drawn from: part of the compared state. */
    private final SplittableRandom draws;
    private long drawn;
    private long lastDraw;
    private final SplittableRandom evolve;
    private int nextPid;

    public SnapshotQueue(long seed, int size) {
        evolve = new SplittableRandom(seed);
        draws = new SplittableRandom(~seed);
        n = size;
        int cap = 128;
        pid = new int[cap];
        ppid = new int[cap];
        depth = new int[cap];
        nice = new int[cap];
        weight = new int[cap];
        cpu = new long[cap];
        since = new long[cap];
        lastRun = new long[cap];
        scratch = new long[cap][SCRATCH_SLOTS];
        now = evolve.nextInt(1000);
        nextPid = 2;
        for (int i = 0; i < n; i++) {
            fill(i);
        }
        current = n > 1 && evolve.nextBoolean() ? evolve.nextInt(n) : -1;
    }

    private void fill(int i) {
        pid[i] = nextPid++;
        ppid[i] = evolve.nextInt(1, Math.max(2, pid[i]));
        depth[i] = evolve.nextInt(6);
        nice[i] = evolve.nextInt(10) == 0 ? -20 : evolve.nextInt(-20, 20);
        weight[i] = evolve.nextInt(4) == 0 ? 1 : evolve.nextInt(1, 10_000);
        cpu[i] = evolve.nextLong(1_000_000);
        since[i] = now - evolve.nextInt(300);
        lastRun[i] = evolve.nextInt(5) == 0 ? -1 : now - evolve.nextInt(600);
        Arrays.fill(scratch[i], 0);
    }

    /** Runs the chosen process for its slice and lets a process join or leave now and then. */
    public void advance(int chosen) {
        now += slice;
        cpu[chosen] += slice * 10_000L + evolve.nextInt(100);
        lastRun[chosen] = now;
        current = chosen;
        int r = evolve.nextInt(10);
        if (r == 0 && n < 64) {
            int at = evolve.nextInt(n + 1);
            shift(at, 1);
            fill(at);
            if (current >= at) {
                current++;
            }
        } else if (r == 1 && n > 1) {
            int at = evolve.nextInt(n);
            shift(at + 1, -1);
            current = current == at ? -1 : current > at ? current - 1 : current;
        }
    }

    private void shift(int from, int by) {
        int len = n - from;
        for (Object a : new Object[] {pid, ppid, depth, nice, weight, cpu, since, lastRun}) {
            System.arraycopy(a, from, a, from + by, len);
        }
        long[][] moved = scratch.clone();
        System.arraycopy(moved, from, scratch, from + by, len);
        if (by > 0) {
            scratch[from] = new long[SCRATCH_SLOTS];
        } else {
            scratch[n - 1] = new long[SCRATCH_SLOTS];
        }
        n += by;
    }

    /** Starts a decision: the default slice, as the kernel does. */
    public void beginDecision() {
        slice = 1;
    }

    /** Everything a policy can change or advance, as text to compare after each decision. */
    public String state() {
        StringBuilder b = new StringBuilder("n=" + n + " cur=" + current + " now=" + now + " slice=" + slice + " rnd="
                + drawn + "/" + lastDraw + " global=" + Arrays.toString(global));
        for (int i = 0; i < n; i++) {
            b.append(" ").append(Arrays.toString(scratch[i]));
        }
        return b.toString();
    }

    private int check(int i) {
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("process index " + i + " of " + n);
        }
        return i;
    }

    private static int slot(int s, int limit) {
        if (s < 0 || s >= limit) {
            throw new IndexOutOfBoundsException("slot " + s);
        }
        return s;
    }

    @Override public int size() { return n; }
    @Override public int current() { return current; }
    @Override public int pid(int i) { return pid[check(i)]; }
    @Override public int parentPid(int i) { return ppid[check(i)]; }
    @Override public int depth(int i) { return depth[check(i)]; }
    @Override public int nice(int i) { return nice[check(i)]; }
    @Override public int weight(int i) { return weight[check(i)]; }
    @Override public long cpuMicros(int i) { return cpu[check(i)]; }
    @Override public long waiting(int i) { return now - since[check(i)]; }
    @Override public long sinceRun(int i) { return now - Math.max(lastRun[check(i)], 0); }
    @Override public long now() { return now; }
    @Override public long scratch(int i, int s) { return scratch[check(i)][slot(s, SCRATCH_SLOTS)]; }
    @Override public void setScratch(int i, int s, long v) { scratch[check(i)][slot(s, SCRATCH_SLOTS)] = v; }
    @Override public long global(int s) { return global[slot(s, GLOBAL_SLOTS)]; }
    @Override public void setGlobal(int s, long v) { global[slot(s, GLOBAL_SLOTS)] = v; }

    /** As the kernel's: a number in [0, bound), and a bound below 1 is a bad argument. */
    @Override
    public int random(int bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("random bound " + bound);
        }
        drawn++;
        lastDraw = draws.nextInt(bound);
        return (int) lastDraw;
    }

    @Override public void setSlice(int ticks) { slice = ticks; }
}
