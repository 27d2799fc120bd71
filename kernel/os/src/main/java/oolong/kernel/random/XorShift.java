package oolong.kernel.random;

/**
 * The kernel's one pseudo-random generator (xorshift64): the scheduler's (what
 * {@code RunQueue.random} draws from), the fault points' and the process-model benchmark's.
 * Deterministic from its seed, so a lottery run or a fault-injection run can be replayed decision
 * by decision. Allocation-free.
 */
public final class XorShift {
    private long state;

    /** A generator from a seed; zero (which would stay zero) is replaced by a fixed odd constant. */
    public XorShift(long seed) {
        state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    /** A number in [0, bound); bound must be at least 1. */
    public int next(int bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("random bound " + bound);
        }
        return (int) Long.remainderUnsigned(nextLong(), bound);
    }

    /** The next state: 64 random bits (never zero). */
    public long nextLong() {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        return state;
    }

    public long state() {
        return state;
    }

    /** Continues from a state (one state() returned: never zero). */
    public void setState(long s) {
        state = s == 0 ? 0x9E3779B97F4A7C15L : s;
    }
}
