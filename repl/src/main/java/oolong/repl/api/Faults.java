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
 *   k.faults().prepare("frames").forPids(7).inSyscalls().times(1).on()   // set atomically, then on
 *   k.faults().list()
 *   k.faults().clear()
 * </pre>
 *
 * A point from {@link #failFrames()} and the other factories is on at once, and every further
 * setting takes effect at once (each call sends the whole configuration): handy at the prompt,
 * but while a chain is being applied the point briefly runs with the knobs set so far (after
 * {@code failFrames()} alone, every frame allocation of every process fails until
 * {@code .forPids(...)} arrives). Scripts and tests that need precision use {@link #prepare}:
 * nothing is sent until {@link Point#on()}. The factories that take their knobs as arguments
 * ({@link #killAtSyscall}, {@link #truncatePipeWrites}, {@link #delayTicks}) are atomic.
 */
public final class Faults {
    /** The frames point's parameter: fail any frame allocation. */
    public static final long FRAMES_ANY = 0;
    /** The frames point's parameter: fail only allocations inside system calls (the call returns ENOMEM). */
    public static final long FRAMES_IN_SYSCALLS = 1;
    /** The frames point's parameter: fail only allocations for user page faults (the process dies, exit 137). */
    public static final long FRAMES_IN_PAGE_FAULTS = 2;

    private final Kernel k;

    Faults(Kernel k) {
        this.k = k;
    }

    /** A point's knobs and counters as the kernel reports them. */
    public record State(String point, boolean enabled, double probability, int interval, long timesLeft, long parameter,
                        boolean scoped, long hits, long failures, String description) {
        static State from(JsonNode p) {
            return new State(p.path("point").asText(), p.path("enabled").asBoolean(),
                    p.path("probability_ppm").asLong() / 1e6, p.path("interval").asInt(), p.path("times_left").asLong(),
                    p.path("parameter").asLong(), p.path("scoped").asBoolean(), p.path("hits").asLong(),
                    p.path("failures").asLong(), p.path("description").asText());
        }
    }

    /** The timer as the kernel sees it: hardware ticks, ticks processed, ticks skipped by fault injection. */
    public record Ticks(long timer, long processed, long skipped) {
        /** How far the kernel's processing lags behind the timer (a delayed tick shows here). */
        public long lag() {
            return timer - processed;
        }
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
        /** Null until set: the kernel then gives the point its own default (1 for pipe-truncate and tick-delay). */
        private Long parameter;
        private long seed = 1;

        private boolean live;

        Point(String name) {
            this.name = name;
        }

        /** Sends the configuration and turns the point on; from now on every setting applies at once. */
        public Point on() {
            live = true;
            return apply();
        }

        /** The frames point only: fail allocations inside system calls only (they return ENOMEM). */
        public Point inSyscalls() {
            return parameter(FRAMES_IN_SYSCALLS);
        }

        /** The frames point only: fail allocations for user page faults only (the process is killed, exit 137). */
        public Point inPageFaults() {
            return parameter(FRAMES_IN_PAGE_FAULTS);
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
            if (!live) {
                return this;
            }
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("action", "set");
            args.put("point", name);
            args.put("probability", probability);
            args.put("interval", interval);
            args.put("times", times);
            args.put("space", space);
            args.put("pids", pids);
            args.put("subtree", subtree);
            if (parameter != null) {
                args.put("parameter", parameter);
            }
            args.put("seed", seed);
            k.agent().call("faults", args);
            return this;
        }

        /** Hits and failures so far. */
        public long[] counts() {
            State s = state(name);
            return new long[] {s.hits(), s.failures()};
        }

        /** Times the kernel asked this point (in its scope or not, while it was on). */
        public long hits() {
            return state(name).hits();
        }

        /** Times it failed. */
        public long failures() {
            return state(name).failures();
        }

        public String name() {
            return name;
        }

        @Override
        public String toString() {
            if (!live) {
                return name + ": prepared, not on yet (call .on())";
            }
            long[] c = counts();
            return name + ": " + c[1] + " failures in " + c[0] + " hits";
        }
    }

    /** A point with every knob at its default (always fail, any process), not sent until {@link Point#on()}. */
    public Point prepare(String point) {
        return new Point(point);
    }

    public Point failFrames() {
        return new Point("frames").on();
    }

    public Point failProcessCreation() {
        return new Point("process-alloc").on();
    }

    /** Kills the process at its nth system call (any call). */
    public Point killAtSyscall(int pid, long nth) {
        return new Point("kill-at-syscall").forPids(pid).after(nth - 1).times(1).on();
    }

    /** Kills the process the nth time it makes this particular system call (oolong.api.Syscall). */
    public Point killAtSyscall(int pid, long nth, int syscall) {
        return new Point("kill-at-syscall").parameter(syscall).forPids(pid).after(nth - 1).times(1).on();
    }

    public Point dropPipeWrites() {
        return new Point("pipe-drop").on();
    }

    public Point truncatePipeWrites(int keepBytes) {
        return new Point("pipe-truncate").parameter(keepBytes).on();
    }

    public Point skipTicks() {
        return new Point("tick-skip").on();
    }

    public Point delayTicks(int ticks) {
        return new Point("tick-delay").parameter(ticks).on();
    }

    /** One point's knobs and counters. */
    public State state(String point) {
        return list().point(point);
    }

    /** The timer: hardware ticks, ticks the kernel processed, ticks skipped. */
    public Ticks ticks() {
        return list().ticks();
    }

    /** Every point with its knobs and counters, printed as a table. */
    public record Listing(List<State> points, Ticks ticks) {
        public State point(String name) {
            return points.stream().filter(p -> p.point().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no fault point '" + name + "'"));
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(String.format("%-16s %-3s %7s %6s %5s %6s %9s %9s  %s%n", "POINT", "ON",
                    "PROB", "EVERY", "LEFT", "PARAM", "HITS", "FAILED", "WHAT"));
            for (State p : points) {
                sb.append(String.format("%-16s %-3s %7.4f %6d %5s %6d %9d %9d  %s%n", p.point(), p.enabled() ? "on" : "",
                        p.probability(), p.interval(), p.timesLeft() < 0 ? "-" : Long.toString(p.timesLeft()),
                        p.parameter(), p.hits(), p.failures(), p.description() + (p.scoped() ? " [scoped]" : "")));
            }
            sb.append(String.format("timer: %d ticks, %d processed, %d skipped", ticks.timer(), ticks.processed(),
                    ticks.skipped()));
            return sb.toString();
        }
    }

    /** Every point with its knobs and counters. */
    public Listing list() {
        JsonNode r = k.call("faults");
        List<State> out = new ArrayList<>();
        for (JsonNode p : r.path("points")) {
            out.add(State.from(p));
        }
        return new Listing(List.copyOf(out), new Ticks(r.path("timer_ticks").asLong(), r.path("ticks_processed").asLong(),
                r.path("ticks_skipped").asLong()));
    }

    /** Turns every point off. */
    public String clear() {
        k.call("faults", "action", "clear");
        return "all fault points off";
    }
}
