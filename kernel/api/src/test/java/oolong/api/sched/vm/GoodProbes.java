package oolong.api.sched.vm;

import oolong.api.probe.Event;
import oolong.api.probe.Maps;
import oolong.api.probe.Patch;
import oolong.api.probe.Probe;

/**
 * Probes and patches written as a user would type them, run both by the JVM and by the
 * interpreter over the same event streams ({@link DifferentialHarness}). Public for kernel/os's
 * tests of the hook registry.
 */
public final class GoodProbes {
    private GoodProbes() {
    }

    /** Events per process. */
    public static final class CountByPid implements Probe {
        @Override
        public void fire(Event e, Maps m) {
            m.add(0, e.pid(), 1);
        }
    }

    /** A log2 histogram of arg(1), and calls per arg(0): a syscall-exit latency or result profile. */
    public static final class HistogramOfArg implements Probe {
        @Override
        public void fire(Event e, Maps m) {
            m.hist(0, e.arg(1));
            m.add(1, e.arg(0), 1);
        }
    }

    /** The largest arg(2) seen per process, with get and put. */
    public static final class MaxPerPid implements Probe {
        @Override
        public void fire(Event e, Maps m) {
            long v = e.arg(2);
            if (v > m.get(0, e.pid())) {
                m.put(0, e.pid(), v);
            }
        }
    }

    /** Latency between enter and exit per process, by hook id: timestamps in map 0, histogram in map 1. */
    public static final class Latency implements Probe {
        @Override
        public void fire(Event e, Maps m) {
            if (e.hook() == 0) {
                m.put(0, e.pid(), e.nanos());
            } else {
                long start = m.get(0, e.pid());
                if (start != 0) {
                    m.hist(1, e.nanos() - start);
                    m.add(2, e.arg(0), e.nanos() - start);
                    m.hist(3, e.pid(), e.arg(2));
                }
            }
        }
    }

    /** Loops, a switch, long arithmetic and its own static method. */
    public static final class Arithmetic implements Probe {
        static long mix(long a, int b) {
            return (a * 31 + b) ^ (a >>> 7);
        }

        @Override
        public void fire(Event e, Maps m) {
            long acc = 0;
            for (int i = 0; i < Event.ARGS; i++) {
                acc = mix(acc, (int) e.arg(i));
            }
            switch ((int) Math.floorMod(acc, 4L)) {
                case 0 -> m.add(0, acc & 0xff, 1);
                case 1 -> m.add(1, e.now() % 16, e.pid());
                case 2 -> m.put(2, e.pid(), acc);
                default -> m.hist(3, Math.abs(acc) >>> 40);
            }
        }
    }

    /** Fails every third event of pid 7 with -EPIPE (-32), counting them in map 0. */
    public static final class EveryThird implements Patch {
        @Override
        public long decide(Event e, Maps m) {
            if (e.pid() != 7) {
                return PASS;
            }
            m.add(0, 0, 1);
            return m.get(0, 0) % 3 == 0 ? -32 : PASS;
        }
    }

    /** Replaces getpid (arg(0) == Syscall.GETPID) with -ENOSYS for odd pids, counts per pid in map 1. */
    public static final class NoGetpidForOdd implements Patch {
        @Override
        public long decide(Event e, Maps m) {
            m.add(1, e.pid(), 1);
            return e.arg(0) == oolong.api.Syscall.GETPID && (e.pid() & 1) == 1 ? -38 : Patch.PASS;
        }
    }

    public static final Class<?>[] PROBES = {
        CountByPid.class, HistogramOfArg.class, MaxPerPid.class, Latency.class, Arithmetic.class,
    };

    public static final Class<?>[] PATCHES = {EveryThird.class, NoGetpidForOdd.class};

    /** The probes, then the patches: the corpus the differential tests run. */
    public static Class<?>[] all() {
        Class<?>[] all = new Class<?>[PROBES.length + PATCHES.length];
        System.arraycopy(PROBES, 0, all, 0, PROBES.length);
        System.arraycopy(PATCHES, 0, all, PROBES.length, PATCHES.length);
        return all;
    }
}
