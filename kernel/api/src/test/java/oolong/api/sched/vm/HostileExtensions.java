package oolong.api.sched.vm;

import oolong.api.probe.Event;
import oolong.api.probe.Maps;
import oolong.api.probe.Patch;
import oolong.api.probe.Probe;
import oolong.api.sched.RunQueue;

/**
 * Probes and patches that must never run as written: refused by the verifier, or faulting at run
 * time, after which the kernel detaches them ({@link ExtensionCorpusTest}; the hook-level cases —
 * illegal values, unpatchable hooks, attach and detach in a loop — are in kernel/os's registry
 * tests). A comment "faults here" marks the line a run-time fault must name. Public for kernel/os.
 */
@SuppressWarnings({"InfiniteRecursiveCall", "InfiniteLoopStatement", "divzero", "unused"})
public final class HostileExtensions {
    private HostileExtensions() {
    }

    // Refused by the verifier.

    public static final class AllocatesArray implements Probe {
        @Override
        public void fire(Event e, Maps m) {
            long[] a = new long[4];
            m.add(0, a.length, 1);
        }
    }

    public static final class KeepsAField implements Probe {
        long seen;

        @Override
        public void fire(Event e, Maps m) {
            seen++;
        }
    }

    public static final class CallsSystem implements Probe {
        @Override
        public void fire(Event e, Maps m) {
            m.put(0, 0, System.nanoTime());
        }
    }

    public static final class ConcatenatesStrings implements Probe {
        @Override
        public void fire(Event e, Maps m) {
            m.add(0, ("pid" + e.pid()).length(), 1);
        }
    }

    public static final class TakesARunQueue implements Probe {
        static int size(RunQueue q) {
            return q.size();
        }

        @Override
        public void fire(Event e, Maps m) {
            m.add(0, 1, 1);
        }
    }

    public static final class ProbeAndPatch implements Probe, Patch {
        @Override
        public void fire(Event e, Maps m) {
        }

        @Override
        public long decide(Event e, Maps m) {
            return PASS;
        }
    }

    public static final class CatchesExceptions implements Patch {
        @Override
        public long decide(Event e, Maps m) {
            try {
                return 10 / e.arg(0);
            } catch (ArithmeticException x) {
                return PASS;
            }
        }
    }

    public static final class CallsEventHashCode implements Probe {
        @Override
        public void fire(Event e, Maps m) {
            m.add(0, e.hashCode(), 1);
        }
    }

    // Verified, and faulting when run.

    public static final class EndlessLoop implements Probe {
        @Override
        public void fire(Event e, Maps m) {
            long n = 0;
            while (true) {
                n++; // faults here
            }
        }
    }

    public static final class DeepRecursion implements Patch {
        static long down(long n) {
            return down(n + 1) + 1; // faults here
        }

        @Override
        public long decide(Event e, Maps m) {
            return down(0);
        }
    }

    public static final class ArgOutOfRange implements Probe {
        @Override
        public void fire(Event e, Maps m) {
            m.add(0, e.arg(Event.ARGS), 1); // faults here
        }
    }

    public static final class MapOutOfRange implements Probe {
        @Override
        public void fire(Event e, Maps m) {
            m.add(Maps.COUNT, e.pid(), 1); // faults here
        }
    }

    public static final class DividesByZero implements Patch {
        @Override
        public long decide(Event e, Maps m) {
            return e.arg(0) / (e.pid() - e.pid()); // faults here
        }
    }

    // Run cleanly in the interpreter; what they do is caught by the kernel's hooks.

    /** Fills map 0 with a new key per event: past its capacity, updates are dropped and counted. */
    public static final class FloodsAMap implements Probe {
        @Override
        public void fire(Event e, Maps m) {
            m.add(0, m.get(1, 0), 1);
            m.add(1, 0, 1);
        }
    }

    /** Returns -5000, outside every hook's errno range. */
    public static final class ReturnsABadErrno implements Patch {
        @Override
        public long decide(Event e, Maps m) {
            return -5000;
        }
    }

    /** Returns a positive value, which an allocation cannot take. */
    public static final class ReturnsAFrame implements Patch {
        @Override
        public long decide(Event e, Maps m) {
            return 4096;
        }
    }
}
