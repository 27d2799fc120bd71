package oolong.kernel.selftest;

import static oolong.kernel.selftest.SelfTest.expect;

import oolong.kernel.platform.RuntimeCounters;

/**
 * Every collection compacts (the build's patch to TeaVM's GC, oolong.boot.guest.GcCompaction: since
 * issue 13 it compacts as TeaVM's own GC does; issue 16's uncompacted young collections corrupted
 * the heap). Checked on the real collector: every collection is counted as compacting, an old
 * object's young referents survive the collections that promote them, and a heap cut into small
 * holes is compacted so that a large object fits, the survivors moved intact.
 */
final class GcCompactionSelfTest {
    private static final int BLOCK = 64 * 1024;

    private GcCompactionSelfTest() {
    }

    static void run(RuntimeCounters gc) {
        /* an array that outlives collections (so it is old), given new referents between them */
        int[][] old = new int[512][];
        churn(gc, 2);
        long collections = gc.gcCollections();
        long compactions = gc.gcPhaseNanos(3);
        expect(compactions >= 0, "the runtime does not count compactions");
        for (int round = 1; round <= 6; round++) {
            for (int i = (round % 3); i < old.length; i += 3) {
                old[i] = new int[] {i, round};
            }
            churn(gc, 1);
        }
        for (int i = 0; i < old.length; i++) {
            int last = 6 - ((6 - i % 3) % 3);   /* the last round r with r % 3 == i % 3 */
            expect(old[i] != null && old[i][0] == i && old[i][1] == last, "old[" + i + "] lost its young referent");
        }
        long ran = gc.gcCollections() - collections;
        long compacted = gc.gcPhaseNanos(3) - compactions;
        expect(ran > 0 && compacted == ran, compacted + " of " + ran + " collections compacted, not all");

        /* keep one 64 KiB block in eight: the survivors cut the free memory into holes of 448 KiB */
        byte[][] kept = new byte[64][];
        compactions = gc.gcPhaseNanos(3);
        long before = gc.gcCollections();
        for (int n = 0; gc.gcCollections() - before < 3 && n < 10_000; n++) {
            byte[] block = new byte[BLOCK];
            int slot = (n >> 3) & 63;
            block[0] = (byte) slot;
            block[BLOCK - 1] = (byte) ~slot;
            if ((n & 7) == 0) {
                kept[slot] = block;
            }
        }
        byte[] large = new byte[8 << 20];   /* a quarter of the heap: needs a compacted heap */
        large[large.length - 1] = 1;
        expect(gc.gcPhaseNanos(3) > compactions, "a fragmented heap was never compacted");
        for (int slot = 0; slot < kept.length; slot++) {
            expect(kept[slot] != null && kept[slot][0] == (byte) slot && kept[slot][BLOCK - 1] == (byte) ~slot,
                    "kept block " + slot + " damaged by the compaction");
        }
    }

    /** Allocates garbage until the collector has run `collections` more times. */
    private static void churn(RuntimeCounters gc, int collections) {
        long start = gc.gcCollections();
        for (int round = 0; gc.gcCollections() - start < collections && round < 1_000_000; round++) {
            Object[] garbage = new Object[64];
            for (int i = 0; i < garbage.length; i++) {
                garbage[i] = new long[8];
            }
        }
        expect(gc.gcCollections() - start >= collections, "garbage did not trigger a collection");
    }
}
