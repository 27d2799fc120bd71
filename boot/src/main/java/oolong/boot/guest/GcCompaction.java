package oolong.boot.guest;

import org.teavm.interop.Address;
import org.teavm.interop.StaticInit;
import org.teavm.interop.Unmanaged;

/**
 * When TeaVM's collector compacts: at every collection, as TeaVM 0.16's own GC
 * ({@code org.teavm.runtime.GC}) does, since issue 13. Issue 16 had it compact a young
 * collection only when the free memory was fragmented, and otherwise only promote the young
 * survivors, because compaction (moving every live object after the first hole and rewriting
 * every pointer to it) was more than half of each pause with ~1,000 processes (docs/perf.md).
 * That uncompacted path corrupted the heap (issue 13; {@link #promoteWhenUnfragmented} gives the
 * evidence), so it is switched off; it is kept, behind that switch, for the day its cause is found.
 * {@link oolong.boot.teavm.GcCompactionTransformer} makes the GC call {@link #compactOrPromote}
 * where it called {@code defragment()}, and tell {@link #noteRequest} the size of the allocation
 * that started the collection.
 *
 * What the uncompacted path did (and why it was thought sound): TeaVM's allocator already takes
 * memory from a list of free chunks (the sweep builds it, holes between objects included), and a
 * young collection already leaves holes between the old objects it may not move. What compaction
 * also does, and that path did instead, is promote the young survivors to the old generation:
 * after a collection every card is marked clean, so an old object pointing at a survivor that
 * stayed young would not be scanned again and the survivor would be freed while still referenced.
 * TeaVM's own promotion walk ({@code moveObjectsToOldGenerationInRegion}) runs over every region a
 * survivor was marked in, to the end of the heap.
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

    /**
     * False: every collection compacts. True would bring back issue 16's uncompacted young
     * collections (compact only when no free chunk holds the request or a sixteenth of the heap),
     * with which the heap was corrupted: attaching and detaching a probe 2,000 times (ProbesIT's
     * attachedAndDetachedAThousandTimesLeaksNothing) hung the kernel in {@code GC.markFromRegion}
     * (an object size read from the middle of an object) or ended in a page fault in 3 runs of 3
     * with full collections uncompacted as well, and in 3 runs of 33 with them compacted; with
     * every collection compacted the whole ProbesIT passed 20 runs of 20 (issue 13). The cause in
     * the uncompacted path is not found. Nothing sets this; it is a field, not a constant, so the
     * path stays compiled and its patch checked (GcCompactionTransformerTest).
     */
    static boolean promoteWhenUnfragmented;

    /** The size of the allocation that started the collection in progress (0: an explicit one). */
    private static int requested;

    private GcCompaction() {
    }

    /** Called by the GC as a collection starts, with the size it must make room for. */
    public static void noteRequest(int size) {
        requested = size;
    }

    /**
     * In place of {@code GC.defragment()}, after the sweep: compacts ({@link #promoteWhenUnfragmented}
     * is false). With that switch on, a full collection would still compact, and a young one
     * compact only when no free chunk can hold the allocation that started the collection or a
     * sixteenth of the heap, and otherwise only promote its survivors.
     */
    public static void compactOrPromote() {
        long wanted = gcAvailableBytes() / CONTIGUOUS_FRACTION;
        if (requested > wanted) {
            wanted = requested;
        }
        if (!promoteWhenUnfragmented || gcIsFullGC || !gcHasAvailableChunk((int) wanted)) {
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
