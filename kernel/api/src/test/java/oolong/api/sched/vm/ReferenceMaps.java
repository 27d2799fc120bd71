package oolong.api.sched.vm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import oolong.api.probe.FixedMaps;
import oolong.api.probe.Maps;

/**
 * The meaning of {@link Maps} with the JDK's maps: the model the kernel's {@link FixedMaps} is
 * checked against. A capacity is kept the same way (an absent key in a full map is dropped and
 * counted).
 */
public final class ReferenceMaps implements Maps {
    private final int capacity;
    private final List<TreeMap<Long, Long>> maps = new ArrayList<>();
    private final long[] drops = new long[COUNT];

    public ReferenceMaps(int capacity) {
        this.capacity = capacity;
        for (int i = 0; i < COUNT; i++) {
            maps.add(new TreeMap<>());
        }
    }

    private TreeMap<Long, Long> map(int i) {
        if (i < 0 || i >= COUNT) {
            throw new IllegalArgumentException("map " + i);
        }
        return maps.get(i);
    }

    private boolean room(int map, long key) {
        if (map(map).containsKey(key) || map(map).size() < capacity) {
            return true;
        }
        drops[map]++;
        return false;
    }

    @Override
    public void add(int map, long key, long delta) {
        if (room(map, key)) {
            map(map).merge(key, delta, Long::sum);
        }
    }

    @Override
    public long get(int map, long key) {
        return map(map).getOrDefault(key, 0L);
    }

    @Override
    public void put(int map, long key, long value) {
        if (room(map, key)) {
            map(map).put(key, value);
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

    public Map<Long, Long> contents(int map) {
        return map(map);
    }

    public long drops(int map) {
        return drops[map];
    }

    /** A FixedMaps' map read out as a sorted map. */
    public static Map<Long, Long> contents(FixedMaps m, int map) {
        TreeMap<Long, Long> out = new TreeMap<>();
        for (int s = 0; s < m.slots(); s++) {
            if (m.holds(map, s)) {
                out.put(m.keyAt(map, s), m.valueAt(map, s));
            }
        }
        return out;
    }
}
