package oolong.kernel.sched;

/**
 * The scheduler's pseudo-random generator (xorshift64), what {@code RunQueue.random} draws from.
 * Deterministic from its seed, so a lottery run can be replayed decision by decision.
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
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        return (int) Long.remainderUnsigned(state, bound);
    }

    public long state() {
        return state;
    }
}
