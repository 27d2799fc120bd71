package oolong.api.probe;

/**
 * The kernel's {@link Maps}: {@link Maps#COUNT} open-addressed hash tables of long keys and values,
 * each of a capacity fixed when the extension is attached. Everything is allocated in the
 * constructor, in one array ({@link #memory()}); an update of an absent key in a full map is dropped and counted, never grows
 * anything, so running an extension allocates nothing. Tables are twice the capacity (a probe
 * sequence stays short) and there is no removal, so linear probing needs no tombstones.
 */
public final class FixedMaps implements Maps {
    public static final int DEFAULT_CAPACITY = 256;
    public static final int MAX_CAPACITY = 4096;
    /**
     * Words of {@link #memory()} before the first map: map m's size at word m, its drops at word
     * COUNT + m. Map m's table follows at HEADER_WORDS + 3 * slots() * m: slots() keys, then
     * slots() values, then slots() used flags (0 or 1).
     */
    public static final int HEADER_WORDS = 2 * COUNT;

    private final int capacity;
    private final int mask;
    /**
     * Every map in one array, so compiled code can do add, get and put inline on it
     * (oolong.api.sched.jit: it is handed the array's address for the run; a run allocates nothing,
     * so the array cannot move under it), with the same layout whoever reads it.
     */
    private final long[] memory;

    /** Maps of `capacity` keys each, 1 <= capacity <= MAX_CAPACITY. */
    public FixedMaps(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("map capacity " + capacity + " is outside 1.." + MAX_CAPACITY);
        }
        this.capacity = capacity;
        int table = Integer.highestOneBit(capacity * 2 - 1) * 2;
        this.mask = table - 1;
        this.memory = new long[HEADER_WORDS + 3 * table * COUNT];
    }

    public int capacity() {
        return capacity;
    }

    /** All the maps' words, laid out as {@link #HEADER_WORDS} says: for compiled code, which updates them inline. */
    public long[] memory() {
        return memory;
    }

    @Override
    public void add(int map, long key, long delta) {
        int at = slot(check(map), key, true);
        if (at >= 0) {
            memory[at + mask + 1] += delta;
        }
    }

    @Override
    public long get(int map, long key) {
        int at = slot(check(map), key, false);
        return at >= 0 ? memory[at + mask + 1] : 0;
    }

    @Override
    public void put(int map, long key, long value) {
        int at = slot(check(map), key, true);
        if (at >= 0) {
            memory[at + mask + 1] = value;
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
        return (int) memory[check(map)];
    }

    /** Updates of absent keys dropped because map was full. */
    public long drops(int map) {
        return memory[COUNT + check(map)];
    }

    /** Table slots of a map, for reading it out: slot i holds a key when {@link #holds}(map, i). */
    public int slots() {
        return mask + 1;
    }

    public boolean holds(int map, int slot) {
        return memory[base(check(map)) + 2 * (mask + 1) + slot] != 0;
    }

    public long keyAt(int map, int slot) {
        return memory[base(check(map)) + slot];
    }

    public long valueAt(int map, int slot) {
        return memory[base(check(map)) + mask + 1 + slot];
    }

    private static int check(int map) {
        if (map < 0 || map >= COUNT) {
            throw new IllegalArgumentException("map " + map + " is outside 0.." + (COUNT - 1));
        }
        return map;
    }

    /** Word of map's first key. */
    private int base(int map) {
        return HEADER_WORDS + 3 * (mask + 1) * map;
    }

    /**
     * The word of the key's entry in memory (its value is slots() words on); if absent and create,
     * a new entry (-1 when the map is full); if absent otherwise, -1.
     */
    private int slot(int map, long key, boolean create) {
        int base = base(map);
        int used = base + 2 * (mask + 1);
        int i = hash(key) & mask;
        while (memory[used + i] != 0) {
            if (memory[base + i] == key) {
                return base + i;
            }
            i = (i + 1) & mask;
        }
        if (!create) {
            return -1;
        }
        if (memory[map] >= capacity) {
            memory[COUNT + map]++;
            return -1;
        }
        memory[used + i] = 1;
        memory[base + i] = key;
        memory[base + mask + 1 + i] = 0;
        memory[map]++;
        return base + i;
    }

    /** Fibonacci hashing: the high bits of key * 2^64/phi, folded. */
    public static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
