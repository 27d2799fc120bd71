package oolong.api.sched.vm;

import oolong.api.sched.Policy;
import oolong.api.sched.RunQueue;

/**
 * Policies that must never run as written: each one is either refused by the verifier or
 * aborted at run time, after which the scheduler falls back ({@link HostileCorpus}; more hostile
 * cases that javac would not produce are generated with ASM in {@link GeneratedClasses}).
 * A comment "faults here" marks the line a run-time fault must name.
 */
@SuppressWarnings({"InfiniteRecursiveCall", "InfiniteLoopStatement", "divzero", "unused"})
public final class HostilePolicies {
    private HostilePolicies() {
    }

    public static final class EndlessLoop implements Policy {
        @Override
        public int pick(RunQueue q) {
            int i = 0;
            while (true) {
                i++; // faults here
            }
        }
    }

    public static final class DeepRecursion implements Policy {
        static int down(int n) {
            return down(n + 1) + 1; // faults here
        }

        @Override
        public int pick(RunQueue q) {
            return down(0);
        }
    }

    public static final class BadScratchSlot implements Policy {
        @Override
        public int pick(RunQueue q) {
            q.setScratch(0, 99, 1); // faults here
            return 0;
        }
    }

    public static final class BadProcessIndex implements Policy {
        @Override
        public int pick(RunQueue q) {
            return q.pid(q.size() + 3) > 0 ? 0 : 1; // faults here
        }
    }

    public static final class DividesByZero implements Policy {
        @Override
        public int pick(RunQueue q) {
            return 1 / (q.size() - q.size()); // faults here
        }
    }

    public static final class ReturnsOutOfRange implements Policy {
        @Override
        public int pick(RunQueue q) {
            return q.size();
        }
    }

    public static final class Starves implements Policy {
        @Override
        public int pick(RunQueue q) {
            return 0;
        }
    }

    public static final class CallsSystem implements Policy {
        @Override
        public int pick(RunQueue q) {
            return (int) (System.nanoTime() % q.size());
        }
    }

    public static final class AllocatesArray implements Policy {
        @Override
        public int pick(RunQueue q) {
            long[] cpu = new long[q.size()];
            return cpu.length - 1;
        }
    }

    public static final class AllocatesObject implements Policy {
        @Override
        public int pick(RunQueue q) {
            Object o = new Object();
            return o.hashCode() & 0;
        }
    }

    public static final class ConcatenatesStrings implements Policy {
        @Override
        public int pick(RunQueue q) {
            String s = "size " + q.size();
            return s.length() > 100 ? 1 : 0;
        }
    }

    public static final class UsesMonitor implements Policy {
        @Override
        public int pick(RunQueue q) {
            synchronized (this) {
                return 0;
            }
        }
    }

    public static final class SynchronizedMethod implements Policy {
        @Override
        public synchronized int pick(RunQueue q) {
            return 0;
        }
    }

    public static final class Throws implements Policy {
        @Override
        public int pick(RunQueue q) {
            throw new IllegalStateException("no");
        }
    }

    public static final class CatchesExceptions implements Policy {
        @Override
        public int pick(RunQueue q) {
            try {
                return 1 / q.current();
            } catch (ArithmeticException e) {
                return 0;
            }
        }
    }

    public static final class InstanceField implements Policy {
        private int calls;

        @Override
        public int pick(RunQueue q) {
            return calls++ % q.size();
        }
    }

    public static final class StaticField implements Policy {
        static int calls;

        @Override
        public int pick(RunQueue q) {
            return calls++ % q.size();
        }
    }

    public static final class FloatingPoint implements Policy {
        @Override
        public int pick(RunQueue q) {
            double share = 1.0 / q.size();
            return share > 0.5 ? 0 : q.size() - 1;
        }
    }

    public static final class CallsAnotherClass implements Policy {
        @Override
        public int pick(RunQueue q) {
            return GoodPolicies.Recursive.gcd(q.size(), 1) - 1;
        }
    }

    public static final class NotAPolicy {
        public int pick(RunQueue q) {
            return 0;
        }
    }

    public static final class UsesLambda implements Policy {
        @Override
        public int pick(RunQueue q) {
            java.util.function.IntSupplier s = () -> 0;
            return s.getAsInt();
        }
    }

    public static final class BusyConstructor implements Policy {
        public BusyConstructor() {
            int unused = 42;
        }

        @Override
        public int pick(RunQueue q) {
            return 0;
        }
    }

    public static final class ImplementsMore implements Policy, Runnable {
        @Override
        public int pick(RunQueue q) {
            return 0;
        }

        @Override
        public void run() {
        }
    }

    public static final class CallsQueueObjectMethod implements Policy {
        @Override
        public int pick(RunQueue q) {
            return q.hashCode() & 0;
        }
    }
}
