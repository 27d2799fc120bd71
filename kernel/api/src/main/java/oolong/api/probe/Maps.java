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
     * One log2 histogram per key in one map: adds 1 at key {@link #histKey}(key, value). The REPL
     * splits them again ({@code histograms(i)}); key must fit in 56 bits.
     */
    void hist(int map, long key, long value);

    /** The entry of value's bucket in key's histogram: key in the high 56 bits, the bucket's low 8 bits. */
    static long histKey(long key, long value) {
        return (key << 8) | (bucket(value) & 0xff);
    }

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
