package oolong.boot.guest;

import org.teavm.interop.Address;
import org.teavm.interop.StaticInit;
import org.teavm.interop.Unmanaged;

/**
 * When TeaVM's collector compacts: only when the free memory is fragmented. TeaVM 0.16's GC
 * ({@code org.teavm.runtime.GC}) defragments at every collection, moving every live object that
 * lies after the first hole and rewriting every pointer to it, which was more than half of each
 * pause with ~1,000 processes (docs/perf.md). {@link oolong.boot.teavm.GcCompactionTransformer}
 * makes the GC call {@link #compactOrPromote} where it called {@code defragment()}, and tell
 * {@link #noteRequest} the size of the allocation that started the collection.
 *
 * Not compacting is sound in TeaVM's design: its allocator already takes memory from a list of
 * free chunks (the sweep builds it, holes between objects included), and a young collection
 * already leaves holes between the old objects it may not move. What compaction also did, and
 * this does instead, is promote the young survivors to the old generation: after a collection
 * every card is marked clean, so an old object pointing at a survivor that stayed young would not
 * be scanned again and the survivor would be freed while still referenced. TeaVM's own promotion
 * walk ({@code moveObjectsToOldGenerationInRegion}) runs over every region a survivor was marked
 * in, to the end of the heap.
 *
 * This runs inside the collector: no allocation, no exceptions, no division by a variable
 * (Oolong's division check could throw). The members named {@code gc...} below are
 * placeholders for the GC's own private members: the transformer points every use of them at
 * the GC's and removes them. A collection that compacts calls the runtime's
 * {@code defragStarted} hook, so the kernel counts compactions (gcstats.c).
 */
@Unmanaged
@StaticInit
public final class GcCompaction {
    /** Compact unless a free chunk this large (a fraction of the heap) is left after the sweep. */
    static final int CONTIGUOUS_FRACTION = 16;
    /** TeaVM's card bit for a region in which a young object was marked (GC.CARD_YOUNG_GEN). */
    static final byte CARD_YOUNG_GEN = 2;

    /** The size of the allocation that started the collection in progress (0: an explicit one). */
    private static int requested;

    private GcCompaction() {
    }

    /** Called by the GC as a collection starts, with the size it must make room for. */
    public static void noteRequest(int size) {
        requested = size;
    }

    /**
     * In place of {@code GC.defragment()}, after the sweep: compacts when no free chunk can hold
     * the allocation that started the collection or a sixteenth of the heap, and otherwise only
     * promotes the survivors of a young collection. A full collection marks its survivors old as
     * it marks them, so then nothing is left to do.
     */
    public static void compactOrPromote() {
        long wanted = gcAvailableBytes() / CONTIGUOUS_FRACTION;
        if (requested > wanted) {
            wanted = requested;
        }
        if (!gcHasAvailableChunk((int) wanted)) {
            gcDefragment();
            return;
        }
        if (gcIsFullGC) {
            return;
        }
        Address limit = gcHeapAddress().add(gcAvailableBytes());
        Address cards = gcCardTable();
        int regions = gcGetRegionCount();
        for (int region = 0; region < regions; region++) {
            if ((cards.add(region).getByte() & CARD_YOUNG_GEN) != 0) {
                gcMoveObjectsToOldGenerationInRegion(region, limit);
            }
        }
    }

    /* ------------------------------------------------------------------ the GC's members */

    /** GC.isFullGC. */
    static boolean gcIsFullGC;

    /** GC.defragment(). */
    static void gcDefragment() {
        throw new AssertionError("placeholder");
    }

    /** GC.hasAvailableChunk(int). */
    static boolean gcHasAvailableChunk(int size) {
        throw new AssertionError("placeholder");
    }

    /** GC.availableBytes(). */
    static long gcAvailableBytes() {
        throw new AssertionError("placeholder");
    }

    /** GC.heapAddress(). */
    static Address gcHeapAddress() {
        throw new AssertionError("placeholder");
    }

    /** GC.cardTable(). */
    static Address gcCardTable() {
        throw new AssertionError("placeholder");
    }

    /** GC.getRegionCount(). */
    static int gcGetRegionCount() {
        throw new AssertionError("placeholder");
    }

    /** GC.moveObjectsToOldGenerationInRegion(int, Address). */
    static void gcMoveObjectsToOldGenerationInRegion(int region, Address limit) {
        throw new AssertionError("placeholder");
    }
}
