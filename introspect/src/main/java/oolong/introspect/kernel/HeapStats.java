package oolong.introspect.kernel;

import java.util.List;

/**
 * The kernel's Java heap as memory shows it: TeaVM's fixed heap walked object by object (objects
 * and free chunks tile it), counted per class, plus the GC's own counters.
 */
public record HeapStats(long heapStart, long heapBytes, long usedBytes, long freeBytes, long objects, long freeChunks,
                        long largestFreeChunk, List<ClassCount> byClass, long collections, long fullCollections,
                        long gcTotalNanos, long gcMaxPauseNanos) {

    /** Live and not yet collected objects of one class. */
    public record ClassCount(String className, long count, long bytes) {
        @Override
        public String toString() {
            return count + " " + className + " (" + bytes + " bytes)";
        }
    }

    /** The count for one class (zero when there is none). */
    public ClassCount of(String className) {
        return byClass.stream().filter(c -> c.className().equals(className)).findFirst()
                .orElse(new ClassCount(className, 0, 0));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(
                "heap at 0x%x: %d KiB, %d KiB in %d objects, %d KiB free in %d chunks (largest %d KiB)%n"
                        + "GC: %d collections (%d full), %.1f ms in all, longest pause %.1f ms%n",
                heapStart, heapBytes >> 10, usedBytes >> 10, objects, freeBytes >> 10, freeChunks, largestFreeChunk >> 10,
                collections, fullCollections, gcTotalNanos / 1e6, gcMaxPauseNanos / 1e6));
        sb.append(String.format("%10s %10s  %s%n", "OBJECTS", "BYTES", "CLASS"));
        for (ClassCount c : byClass.subList(0, Math.min(20, byClass.size()))) {
            sb.append(String.format("%10d %10d  %s%n", c.count(), c.bytes(), c.className()));
        }
        if (byClass.size() > 20) {
            sb.append(String.format("%10s %10s  (%d more classes: byClass())%n", "", "", byClass.size() - 20));
        }
        return sb.toString().stripTrailing();
    }
}
