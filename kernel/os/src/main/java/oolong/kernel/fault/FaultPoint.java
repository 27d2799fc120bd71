package oolong.kernel.fault;

import oolong.kernel.random.XorShift;

/**
 * A place in the kernel where a failure can be injected on purpose, with the knobs of Linux's
 * fault-injection framework: a probability, every Nth hit, at most N times, only for given
 * processes or a subtree. The kernel asks {@link #shouldFail} at the point; the point counts hits
 * and failures so a session can see what it did.
 */
public final class FaultPoint {
    /** Decides whether a pid is in scope (a pid list or a subtree); null means every process. */
    public interface Scope {
        boolean includes(int pid);
    }

    public final String name;
    public final String description;

    private boolean enabled;
    /** Chance per eligible hit, in millionths (1_000_000 = always). */
    private int probabilityPpm = 1_000_000;
    /** Fail only every Nth eligible hit (1 = every one). */
    private int interval = 1;
    /** Stop after this many failures (-1 = no limit). */
    private long times = -1;
    /** Skip this many eligible hits before failing for the first time. */
    private long space;
    private Scope scope;
    /** A number the point's site interprets (a syscall number, a delay in ticks, a truncation length...). */
    private long parameter;
    /** What the parameter means and the values it may take (a point without one takes only 0). */
    private final String parameterMeaning;
    private final long minParameter;
    private final long maxParameter;
    private final long defaultParameter;

    private long hits;
    private long eligible;
    private long failures;
    private XorShift random = new XorShift(0x2545F4914F6CDD1DL);

    /** A point without a parameter (it takes only 0). */
    public FaultPoint(String name, String description) {
        this(name, description, null, 0, 0, 0);
    }

    /** A point whose parameter (meaning, e.g. "delay in ticks") takes min..max, and defaultValue when not given. */
    public FaultPoint(String name, String description, String parameterMeaning, long min, long max, long defaultValue) {
        this.name = name;
        this.description = description;
        this.parameterMeaning = parameterMeaning;
        this.minParameter = min;
        this.maxParameter = max;
        this.defaultParameter = defaultValue;
        this.parameter = defaultValue;
    }

    /** Why the value is not a parameter this point takes, or null if it is. */
    public String parameterError(long value) {
        if (value >= minParameter && value <= maxParameter) {
            return null;
        }
        if (parameterMeaning == null) {
            return name + " takes no parameter (0), not " + value;
        }
        return name + "'s parameter (" + parameterMeaning + ") must be " + (minParameter == 1 ? "at least 1" : "at least "
                + minParameter) + " and at most " + maxParameter + ", not " + value;
    }

    /** The parameter a configuration without one gets. */
    public long defaultParameter() {
        return defaultParameter;
    }

    /** Called at the fault site; true means "fail now". Cheap when the point is disabled. */
    public boolean shouldFail(int pid) {
        hits++;
        if (!enabled) {
            return false;
        }
        if (scope != null && !scope.includes(pid)) {
            return false;
        }
        eligible++;
        if (space > 0) {
            space--;
            return false;
        }
        if (times == 0) {
            return false;
        }
        if (interval > 1 && eligible % interval != 0) {
            return false;
        }
        if (probabilityPpm < 1_000_000 && nextRandom() % 1_000_000 >= probabilityPpm) {
            return false;
        }
        failures++;
        if (times > 0) {
            times--;
        }
        return true;
    }

    private long nextRandom() {
        return random.nextLong() & Long.MAX_VALUE;
    }

    /** Turns the point on with the given knobs; counters restart. */
    public void configure(int probabilityPpm, int interval, long times, long space, Scope scope, long parameter, long seed) {
        if (probabilityPpm < 0 || probabilityPpm > 1_000_000) {
            throw new IllegalArgumentException("probability must be in 0..1");
        }
        if (interval < 1) {
            throw new IllegalArgumentException("interval must be at least 1");
        }
        String badParameter = parameterError(parameter);
        if (badParameter != null) {
            throw new IllegalArgumentException(badParameter);
        }
        this.probabilityPpm = probabilityPpm;
        this.interval = interval;
        this.times = times;
        this.space = Math.max(0, space);
        this.scope = scope;
        this.parameter = parameter;
        this.random = new XorShift(seed == 0 ? 0x2545F4914F6CDD1DL : seed);
        this.eligible = 0;
        this.failures = 0;
        this.hits = 0;
        this.enabled = true;
    }

    public void disable() {
        enabled = false;
        scope = null;
    }

    public boolean enabled() {
        return enabled;
    }

    public long parameter() {
        return parameter;
    }

    public long hits() {
        return hits;
    }

    public long failures() {
        return failures;
    }

    public int probabilityPpm() {
        return probabilityPpm;
    }

    public int interval() {
        return interval;
    }

    public long timesLeft() {
        return times;
    }

    public Scope scope() {
        return scope;
    }
}
