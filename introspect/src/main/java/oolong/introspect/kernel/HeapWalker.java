package oolong.introspect.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import oolong.introspect.debug.StructLayout;
import oolong.introspect.program.Program;

/**
 * Walks TeaVM's heap in memory as its GC does (GC.objectSize): from the heap's start, each block
 * is either a free chunk (header 0, its size in the next word) or an object, whose size comes from
 * its class (arrays: header, aligned elements, rounded to 8). The chunk the allocator is cutting
 * from has no header yet: it runs from GC.currentChunk to GC.currentChunkLimit.
 */
public final class HeapWalker {
    private final Program program;

    public HeapWalker(Program program) {
        this.program = program;
    }

    public HeapStats heap() {
        long heap = program.readLong(program.address("teavm_gc_heapAddress"));
        long bytes = program.readLong(program.address("teavm_gc_availableBytes"));
        long current = program.readLong(program.staticAddress("org.teavm.runtime.GC", "currentChunk"));
        long limit = program.readLong(program.staticAddress("org.teavm.runtime.GC", "currentChunkLimit"));
        long sizeOffset = program.debug().field("org.teavm.runtime.FreeChunk", "size").offset();
        StructLayout cls = program.struct("TeaVM_Class");
        Map<Long, long[]> perClass = new HashMap<>();
        Map<Long, Integer> classSizes = new HashMap<>();
        long used = 0;
        long free = 0;
        long objects = 0;
        long chunks = 0;
        long largest = 0;
        long end = heap + bytes;
        long at = heap;
        while (at < end) {
            long size;
            if (at == current && limit > current) {
                size = limit - current;
                free += size;
                chunks++;
                largest = Math.max(largest, size);
            } else if (program.readInt(at) == 0) {
                size = Integer.toUnsignedLong(program.readInt(at + sizeOffset));
                free += size;
                chunks++;
                largest = Math.max(largest, size);
            } else {
                long c = program.classRecordOf(at);
                size = objectSize(at, c, cls, classSizes);
                long[] count = perClass.computeIfAbsent(c, k -> new long[2]);
                count[0]++;
                count[1] += size;
                used += size;
                objects++;
            }
            if (size <= 0 || at + size > end) {
                throw new IllegalStateException(String.format("the heap walk lost its way at 0x%x (a block of %d bytes)",
                        at, size));
            }
            at += size;
        }
        List<HeapStats.ClassCount> byClass = new ArrayList<>();
        for (Map.Entry<Long, long[]> e : perClass.entrySet()) {
            byClass.add(new HeapStats.ClassCount(program.className(e.getKey()), e.getValue()[0], e.getValue()[1]));
        }
        byClass.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
        StructLayout gc = program.struct("rt_gc_stats");
        long stats = program.address("rt_gc");
        return new HeapStats(heap, bytes, used, free, objects, chunks, largest, List.copyOf(byClass),
                program.readLong(stats + gc.offset("collections")), program.readLong(stats + gc.offset("full_collections")),
                program.readLong(stats + gc.offset("total_ns")), program.readLong(stats + gc.offset("max_pause_ns")));
    }

    /** GC.objectSize: the class's size, or for an array its header, aligned elements, rounded up to 8. */
    private long objectSize(long object, long classRecord, StructLayout cls, Map<Long, Integer> classSizes) {
        long item = program.readLong(classRecord + cls.offset("itemType"));
        if (item == 0) {
            return classSizes.computeIfAbsent(classRecord, c -> program.readInt(c + cls.offset("size")));
        }
        long itemSize = program.primitiveClass(item) ? program.readInt(item + cls.offset("size")) : 8;
        long header = program.struct("TeaVM_Array").size();
        long data = (header + itemSize - 1) / itemSize * itemSize;
        long total = data + itemSize * program.arrayLength(object);
        return (total + 7) & ~7L;
    }
}
