package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fault injection on the live kernel ({@code k.faults()}), with the knobs of Linux's framework:
 *
 * <pre>
 *   k.faults().failFrames().probability(0.1).forPids(7)   // 10% of frame allocations by pid 7 fail
 *   k.faults().killAtSyscall(5, 100)                      // pid 5 dies at its 100th system call
 *   k.faults().list()
 *   k.faults().clear()
 * </pre>
 *
 * Each setting takes effect at once (every call of a {@link Point} sends the whole configuration).
 */
public final class Faults {
    private final Kernel k;

    Faults(Kernel k) {
        this.k = k;
    }

    /** One fault point being configured. */
    public final class Point {
        private final String name;
        private double probability = 1.0;
        private int interval = 1;
        private long times = -1;
        private long space;
        private List<Integer> pids = List.of();
        private int subtree;
        private long parameter;
        private long seed = 1;

        Point(String name) {
            this.name = name;
        }

        /** Chance that an eligible hit fails (0..1). */
        public Point probability(double p) {
            probability = p;
            return apply();
        }

        /** Fail only every Nth eligible hit. */
        public Point every(int n) {
            interval = n;
            return apply();
        }

        /** At most this many failures, then the point stops failing. */
        public Point times(long n) {
            times = n;
            return apply();
        }

        /** Let this many eligible hits pass before the first failure. */
        public Point after(long n) {
            space = n;
            return apply();
        }

        public Point forPids(int... p) {
            List<Integer> l = new ArrayList<>();
            for (int x : p) {
                l.add(x);
            }
            pids = l;
            subtree = 0;
            return apply();
        }

        /** Only processes in this pid's subtree (itself included). */
        public Point forSubtree(int pid) {
            subtree = pid;
            pids = List.of();
            return apply();
        }

        /** The point's own number: a syscall number (kill-at-syscall), bytes kept (pipe-truncate), ticks (tick-delay). */
        public Point parameter(long value) {
            parameter = value;
            return apply();
        }

        public Point seed(long value) {
            seed = value;
            return apply();
        }

        public void off() {
            k.call("faults", "action", "clear", "point", name);
        }

        Point apply() {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("action", "set");
            args.put("point", name);
            args.put("probability", probability);
            args.put("interval", interval);
            args.put("times", times);
            args.put("space", space);
            args.put("pids", pids);
            args.put("subtree", subtree);
            args.put("parameter", parameter);
            args.put("seed", seed);
            k.agent().call("faults", args);
            return this;
        }

        /** Hits and failures so far. */
        public long[] counts() {
            for (JsonNode p : k.call("faults").path("points")) {
                if (p.path("point").asText().equals(name)) {
                    return new long[] {p.path("hits").asLong(), p.path("failures").asLong()};
                }
            }
            return new long[] {0, 0};
        }

        @Override
        public String toString() {
            long[] c = counts();
            return name + ": " + c[1] + " failures in " + c[0] + " hits";
        }
    }

    public Point failFrames() {
        return new Point("frames").apply();
    }

    public Point failProcessCreation() {
        return new Point("process-alloc").apply();
    }

    /** Kills the process at its nth system call (any call). */
    public Point killAtSyscall(int pid, long nth) {
        return new Point("kill-at-syscall").forPids(pid).after(nth - 1).times(1);
    }

    /** Kills the process the nth time it makes this particular system call (oolong.api.Syscall). */
    public Point killAtSyscall(int pid, long nth, int syscall) {
        return new Point("kill-at-syscall").parameter(syscall).forPids(pid).after(nth - 1).times(1);
    }

    public Point dropPipeWrites() {
        return new Point("pipe-drop").apply();
    }

    public Point truncatePipeWrites(int keepBytes) {
        return new Point("pipe-truncate").parameter(keepBytes);
    }

    public Point skipTicks() {
        return new Point("tick-skip").apply();
    }

    public Point delayTicks(int ticks) {
        return new Point("tick-delay").parameter(ticks);
    }

    /** Every point with its knobs and counters. */
    public String list() {
        JsonNode r = k.call("faults");
        StringBuilder sb = new StringBuilder(String.format("%-16s %-4s %8s %6s %6s %9s %9s  %s%n", "POINT", "ON", "PROB",
                "EVERY", "LEFT", "HITS", "FAILED", "WHAT"));
        for (JsonNode p : r.path("points")) {
            sb.append(String.format("%-16s %-4s %8.4f %6d %6s %9d %9d  %s%n", p.path("point").asText(),
                    p.path("enabled").asBoolean() ? "on" : "", p.path("probability_ppm").asLong() / 1e6,
                    p.path("interval").asInt(), p.path("times_left").asLong() < 0 ? "-" : p.path("times_left").asText(),
                    p.path("hits").asLong(), p.path("failures").asLong(), p.path("description").asText()));
        }
        return sb.toString().stripTrailing();
    }

    /** Turns every point off. */
    public String clear() {
        k.call("faults", "action", "clear");
        return "all fault points off";
    }
}
