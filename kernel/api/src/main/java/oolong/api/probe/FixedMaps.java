package oolong.api.probe;

/**
 * The kernel's {@link Maps}: {@link Maps#COUNT} open-addressed hash tables of long keys and values,
 * each of a capacity fixed when the extension is attached. Everything is allocated in the
 * constructor; an update of an absent key in a full map is dropped and counted, never grows
 * anything, so running an extension allocates nothing. Tables are twice the capacity (a probe
 * sequence stays short) and there is no removal, so linear probing needs no tombstones.
 */
public final class FixedMaps implements Maps {
    public static final int DEFAULT_CAPACITY = 256;
    public static final int MAX_CAPACITY = 4096;

    private final int capacity;
    private final int mask;
    private final long[][] keys = new long[COUNT][];
    private final long[][] values = new long[COUNT][];
    private final boolean[][] used = new boolean[COUNT][];
    private final int[] sizes = new int[COUNT];
    private final long[] drops = new long[COUNT];

    /** Maps of `capacity` keys each, 1 <= capacity <= MAX_CAPACITY. */
    public FixedMaps(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("map capacity " + capacity + " is outside 1.." + MAX_CAPACITY);
        }
        this.capacity = capacity;
        int table = Integer.highestOneBit(capacity * 2 - 1) * 2;
        this.mask = table - 1;
        for (int i = 0; i < COUNT; i++) {
            keys[i] = new long[table];
            values[i] = new long[table];
            used[i] = new boolean[table];
        }
    }

    public int capacity() {
        return capacity;
    }

    @Override
    public void add(int map, long key, long delta) {
        int at = slot(check(map), key, true);
        if (at >= 0) {
            values[map][at] += delta;
        }
    }

    @Override
    public long get(int map, long key) {
        int at = slot(check(map), key, false);
        return at >= 0 ? values[map][at] : 0;
    }

    @Override
    public void put(int map, long key, long value) {
        int at = slot(check(map), key, true);
        if (at >= 0) {
            values[map][at] = value;
        }
    }

    @Override
    public void hist(int map, long value) {
        add(map, Maps.bucket(value), 1);
    }

    @Override
    public void hist(int map, long key, long value) {
        add(map, Maps.histKey(key, value), 1);
    }

    /** Keys held by map. */
    public int size(int map) {
        return sizes[check(map)];
    }

    /** Updates of absent keys dropped because map was full. */
    public long drops(int map) {
        return drops[check(map)];
    }

    /** Table slots of a map, for reading it out: slot i holds a key when {@link #holds}(map, i). */
    public int slots() {
        return mask + 1;
    }

    public boolean holds(int map, int slot) {
        return used[check(map)][slot];
    }

    public long keyAt(int map, int slot) {
        return keys[check(map)][slot];
    }

    public long valueAt(int map, int slot) {
        return values[check(map)][slot];
    }

    private static int check(int map) {
        if (map < 0 || map >= COUNT) {
            throw new IllegalArgumentException("map " + map + " is outside 0.." + (COUNT - 1));
        }
        return map;
    }

    /** The key's slot; if absent and create, a new slot (-1 when the map is full); if absent otherwise, -1. */
    private int slot(int map, long key, boolean create) {
        long[] k = keys[map];
        boolean[] u = used[map];
        int i = hash(key) & mask;
        while (u[i]) {
            if (k[i] == key) {
                return i;
            }
            i = (i + 1) & mask;
        }
        if (!create) {
            return -1;
        }
        if (sizes[map] >= capacity) {
            drops[map]++;
            return -1;
        }
        u[i] = true;
        k[i] = key;
        values[map][i] = 0;
        sizes[map]++;
        return i;
    }

    /** Fibonacci hashing: the high bits of key * 2^64/phi, folded. */
    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
