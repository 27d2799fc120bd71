package oolong.kernel.coverage;

/**
 * Kernel coverage counters. A kernel built with coverage (ImageBuilder {@code --coverage};
 * oolong.boot.teavm.CoverageTransformer) calls {@link #hit} at the start of every basic block of
 * every kernel method, with the block's number; the build writes which numbers belong to which
 * method (coverage-map.tsv beside the image), and the agent's {@code coverage} operation hands the
 * counters to the host (docs/campaigns.md). In a normal kernel nothing calls {@link #hit} and no
 * counters are allocated.
 *
 * This class itself is never instrumented (it would count its own counting).
 */
public final class Coverage {
    /** The most blocks an instrumented kernel may have; the build fails beyond it. */
    public static final int MAX_BLOCKS = 1 << 16;

    private static final int[] COUNTS = instrumented() ? new int[MAX_BLOCKS] : null;

    private Coverage() {
    }

    /** Whether this kernel was built with coverage: the build rewrites this method to return true. */
    public static boolean instrumented() {
        return false;
    }

    /** Counts one execution of a basic block (called by instrumented code only). */
    public static void hit(int block) {
        int[] c = COUNTS;
        if (c != null) {
            c[block]++;
        }
    }

    /** How often a block ran since boot or the last reset (0 in a kernel without coverage). */
    public static int count(int block) {
        return COUNTS == null || block < 0 || block >= MAX_BLOCKS ? 0 : COUNTS[block];
    }

    /** One past the highest block that ran (0 when none did). */
    public static int extent() {
        if (COUNTS == null) {
            return 0;
        }
        for (int i = MAX_BLOCKS - 1; i >= 0; i--) {
            if (COUNTS[i] != 0) {
                return i + 1;
            }
        }
        return 0;
    }

    /** Zeroes every counter. */
    public static void reset() {
        if (COUNTS != null) {
            for (int i = 0; i < MAX_BLOCKS; i++) {
                COUNTS[i] = 0;
            }
        }
    }
}
