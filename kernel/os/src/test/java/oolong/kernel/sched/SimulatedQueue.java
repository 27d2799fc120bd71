package oolong.kernel.sched;

import java.util.Random;
import oolong.api.sched.RunQueue;

/** A run queue of always-runnable processes, stepped one tick per decision, for policy tests. */
final class SimulatedQueue implements RunQueue {
    final int n;
    final int[] nice;
    final int[] weight;
    final long[] ran;
    final long[] lastRun;
    final long[][] scratch;
    final long[] global = new long[GLOBAL_SLOTS];
    final Random random = new Random(42);
    int current = -1;
    long now;
    int slice = 1;

    SimulatedQueue(int n) {
        this.n = n;
        nice = new int[n];
        weight = new int[n];
        ran = new long[n];
        lastRun = new long[n];
        scratch = new long[n][SCRATCH_SLOTS];
        java.util.Arrays.fill(weight, 1);
    }

    /** Runs `ticks` decisions; each pick runs for its slice. */
    void run(oolong.api.sched.Policy policy, int ticks) {
        while (now < ticks) {
            slice = 1;
            int i = policy.pick(this);
            if (i < 0 || i >= n) {
                throw new IllegalStateException("bad pick " + i);
            }
            ran[i] += slice;
            now += slice;
            lastRun[i] = now;
            current = i;
        }
    }

    @Override public int size() { return n; }
    @Override public int current() { return current; }
    @Override public int pid(int i) { return i + 2; }
    @Override public int parentPid(int i) { return 1; }
    @Override public int depth(int i) { return 1; }
    @Override public int nice(int i) { return nice[i]; }
    @Override public int weight(int i) { return weight[i]; }
    @Override public long cpuMicros(int i) { return ran[i] * 10_000; }
    @Override public long waiting(int i) { return now - lastRun[i]; }
    @Override public long sinceRun(int i) { return now - lastRun[i]; }
    @Override public long now() { return now; }
    @Override public long scratch(int i, int slot) { return scratch[i][slot]; }
    @Override public void setScratch(int i, int slot, long value) { scratch[i][slot] = value; }
    @Override public long global(int slot) { return global[slot]; }
    @Override public void setGlobal(int slot, long value) { global[slot] = value; }
    @Override public int random(int bound) { return random.nextInt(bound); }
    @Override public void setSlice(int ticks) { slice = ticks; }
}
