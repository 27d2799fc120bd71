package oolong.boot.guest;

import org.teavm.interop.Address;
import org.teavm.interop.StaticInit;
import org.teavm.interop.Unmanaged;

/**
 * When TeaVM's collector compacts: at every full collection, and in a young one only when the free
 * memory is fragmented. TeaVM 0.16's GC ({@code org.teavm.runtime.GC}) defragments at every
 * collection, moving every live object that lies after the first hole and rewriting every
 * pointer to it, which was more than half of each
 * pause with ~1,000 processes (docs/perf.md). {@link oolong.boot.teavm.GcCompactionTransformer}
 * makes the GC call {@link #compactOrPromote} where it called {@code defragment()}, and tell
 * {@link #noteRequest} the size of the allocation that started the collection.
 *
 * Not compacting a young collection is sound in TeaVM's design (a full one always compacts:
 * {@link #compactOrPromote} says why): its allocator already takes memory from a list of
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
     * In place of {@code GC.defragment()}, after the sweep: a full collection always compacts, as
     * TeaVM's does; a young one compacts when no free chunk can hold the allocation that started
     * the collection or a sixteenth of the heap, and otherwise only promotes its survivors.
     *
     * Why a full collection compacts (issue 13): a full collection left uncompacted appears to
     * corrupt the heap. Attaching and detaching a probe in a loop (a 49 KiB map array and the verifier's
     * objects per cycle, a full collection every ~8) hung the kernel in the first young
     * collections after the second uncompacted full one: {@code GC.markFromRegion} walked a dirty
     * region from its recorded first object and read an object size from the middle of an
     * object, forever (an earlier audit, with compaction forced, saw {@code updatePointersInArray}
     * fault on such a "pointer"). The same loop with every full collection compacted, or with every
     * collection compacted, ran 1,700 cycles clean; the JIT is not involved (interpreted probes
     * do it). The likely reason, not proven: TeaVM's compaction rebuilds its region table (each
     * region's first object) and the young collections trust that table. Full collections are
     * rare (one in eight or more here), so compacting them leaves the young pauses as they were.
     * NOT the whole fix: the same hang still came in 3 of 33 runs of ProbesIT afterwards (once in
     * a young collection), so its attach/detach test is disabled until the cause is found.
     */
    public static void compactOrPromote() {
        long wanted = gcAvailableBytes() / CONTIGUOUS_FRACTION;
        if (requested > wanted) {
            wanted = requested;
        }
        if (gcIsFullGC || !gcHasAvailableChunk((int) wanted)) {
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
