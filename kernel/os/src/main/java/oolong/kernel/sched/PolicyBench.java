package oolong.kernel.sched;

import oolong.api.sched.Policy;

/**
 * Measures what one scheduling decision costs with a given policy and number of runnable
 * processes: a private scheduler over synthetic entities (varied nice values and weights) makes
 * the decisions through the same path as the real one — listing, watchdog scan, the policy's pick
 * and the checks on its answer — so built-in and interpreted policies are compared on equal terms.
 *
 * A {@link Run} goes in slices ({@link Run#step}), so the kernel can serve the agent and run
 * processes between them; only the decisions themselves are timed.
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
    public static final int WARM_UP = 100;

    /** A benchmark in progress: the warm-up decisions, then the measured ones. */
    public static final class Run {
        private final int runnable;
        private final int decisions;
        private final Scheduler s;
        private final long[] picks;
        private final int[] trace;
        private final int warmUp;
        private SchedEntity last;
        private long tick;
        private int warmedUp;
        private int done;
        private long nanos;
        private long warmUpNanos;
        private int steps;
        /** Decisions and time of the first slice: cold (code not yet translated by the emulator), left out of estimates. */
        private long coldDecisions;
        private long coldNanos;

        public Run(Policy policy, String name, int runnable, int decisions) {
            this.runnable = runnable;
            this.decisions = decisions;
            SchedEntity[] entities = new SchedEntity[runnable];
            for (int i = 0; i < runnable; i++) {
                SchedEntity e = new SchedEntity(i + 2, 0);
                e.ppid = 1;
                e.depth = 1 + i % 3;
                e.nice = (i * 7) % 40 - 20;
                e.weight = 1 + i % 5;
                entities[i] = e;
            }
            s = new Scheduler(out -> {
                System.arraycopy(entities, 0, out, 0, runnable);
                return runnable;
            }, policy, name);
            s.setWatchdogNanos(0);
            s.setCpuPercent(100);
            picks = new long[runnable];
            trace = new int[Math.min(TRACE, decisions)];
            warmUp = Math.min(WARM_UP, decisions);
        }

        /**
         * Makes decisions for about `sliceNanos` (at least one); returns whether any remain. Throws
         * IllegalStateException when the policy failed (the scheduler fell back).
         */
        public boolean step(long sliceNanos) {
            long start = System.nanoTime();
            do {
                if (warmedUp < warmUp) {
                    long t0 = System.nanoTime();
                    s.tick(tick++);
                    last = s.pick(last);
                    warmUpNanos += System.nanoTime() - t0;
                    warmedUp++;
                } else if (done < decisions) {
                    long t0 = System.nanoTime();
                    s.tick(tick);
                    last = s.pick(last);
                    nanos += System.nanoTime() - t0;
                    tick += s.sliceOf(last);
                    picks[last.pid - 2]++;
                    if (done < trace.length) {
                        trace[done] = last.pid - 2;
                    }
                    done++;
                }
                if (s.fallbacks() > 0) {
                    throw new IllegalStateException("the policy failed during the benchmark: " + s.lastFallbackReason());
                }
            } while (remaining() > 0 && System.nanoTime() - start < sliceNanos);
            if (steps++ == 0) {
                coldDecisions = warmedUp + done;
                coldNanos = warmUpNanos + nanos;
            }
            return remaining() > 0;
        }

        /** Whether the warm-up is over (an estimate from here on is made on warm code). */
        public boolean warm() {
            return warmedUp == warmUp;
        }

        /** Decision time spent so far. */
        public long spentNanos() {
            return warmUpNanos + nanos;
        }

        private long remaining() {
            return (warmUp - warmedUp) + (long) (decisions - done);
        }

        /**
         * Decision time the whole run will take, extrapolated from the decisions made so far after
         * the first slice (or from all of them, if nothing came after it).
         */
        public long estimatedNanos() {
            long made = warmedUp + done;
            long warmMade = made - coldDecisions;
            long each = warmMade > 0 ? (warmUpNanos + nanos - coldNanos) / warmMade : made > 0 ? (warmUpNanos + nanos) / made : 0;
            return each * (warmUp + (long) decisions);
        }

        public Result result() {
            return new Result(decisions, nanos, picks, trace);
        }

        public int runnable() {
            return runnable;
        }
    }

    /** A whole run at once (on the host, where nothing else waits). */
    public static Result run(Policy policy, String name, int runnable, int decisions) {
        Run r = new Run(policy, name, runnable, decisions);
        while (r.step(Long.MAX_VALUE)) {
            /* one slice does it all */
        }
        return r.result();
    }
}
