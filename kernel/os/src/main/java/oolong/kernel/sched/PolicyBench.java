package oolong.kernel.sched;

import oolong.api.sched.Policy;

/**
 * Measures what one scheduling decision costs with a given policy and number of runnable
 * processes: a private scheduler over synthetic entities (varied nice values and weights) makes
 * the decisions through the same path as the real one — listing, watchdog scan, the policy's pick
 * and the checks on its answer — so built-in and interpreted policies are compared on equal terms.
 */
public final class PolicyBench {
    /** Result of one run: decisions made, time taken, and how often each entity was picked. */
    public static final class Result {
        public final long decisions;
        public final long nanos;
        public final long[] picks;
        /** The first decisions' choices (indices), for comparing implementations decision by decision. */
        public final int[] trace;

        Result(long decisions, long nanos, long[] picks, int[] trace) {
            this.decisions = decisions;
            this.nanos = nanos;
            this.picks = picks;
            this.trace = trace;
        }
    }

    private PolicyBench() {
    }

    public static final int TRACE = 512;

    public static Result run(Policy policy, String name, int runnable, int decisions) {
        SchedEntity[] entities = new SchedEntity[runnable];
        for (int i = 0; i < runnable; i++) {
            SchedEntity e = new SchedEntity(i + 2, 0);
            e.ppid = 1;
            e.depth = 1 + i % 3;
            e.nice = (i * 7) % 40 - 20;
            e.weight = 1 + i % 5;
            entities[i] = e;
        }
        Scheduler s = new Scheduler(out -> {
            System.arraycopy(entities, 0, out, 0, runnable);
            return runnable;
        }, policy, name);
        s.setWatchdogTicks(0);
        long[] picks = new long[runnable];
        int[] trace = new int[Math.min(TRACE, decisions)];
        SchedEntity last = null;
        long tick = 0;
        int warmUp = Math.min(100, decisions);
        for (int i = 0; i < warmUp; i++) {
            s.tick(tick++);
            last = s.pick(last);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < decisions; i++) {
            s.tick(tick);
            last = s.pick(last);
            tick += s.sliceOf(last);
            picks[last.pid - 2]++;
            if (i < trace.length) {
                trace[i] = last.pid - 2;
            }
        }
        long nanos = System.nanoTime() - t0;
        if (s.fallbacks() > 0) {
            throw new IllegalStateException("the policy failed during the benchmark: " + s.lastFallbackReason());
        }
        return new Result(decisions, nanos, picks, trace);
    }
}
