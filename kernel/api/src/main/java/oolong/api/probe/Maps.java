package oolong.api.probe;

/**
 * An extension's maps: {@link #COUNT} maps from long keys to long values, allocated in the kernel
 * when the extension is attached, each with a fixed capacity. A full map never grows: an update
 * of a key it does not hold is dropped and counted (the REPL shows the drops). Reading a key that
 * is absent gives 0. A map index outside 0 <= map < COUNT is a fault.
 */
public interface Maps {
    /** Maps per extension. */
    int COUNT = 4;

    /** map[key] += delta. */
    void add(int map, long key, long delta);

    /** map[key], 0 if absent. */
    long get(int map, long key);

    /** map[key] = value. */
    void put(int map, long key, long value);

    /**
     * A log2 histogram, as bpftrace's hist(): adds 1 to the bucket of value. The bucket's key is
     * {@link #bucket}(value).
     */
    void hist(int map, long value);

    /**
     * The histogram bucket of a value: 0 for 0, b for 2^(b-1) <= value < 2^b (1 for 1, 2 for 2..3,
     * 3 for 4..7, ...), -1 for negative values.
     */
    static long bucket(long value) {
        if (value < 0) {
            return -1;
        }
        return 64 - Long.numberOfLeadingZeros(value);
    }
}
