package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A probe or patch attached in the kernel ({@code k.probe(hook, cls)}, {@code k.patch(hook, cls)}):
 * its maps, its hits and cost, and detaching it. Every call asks the kernel afresh. Detaching reads
 * the maps first, so they can still be read afterwards; an extension the kernel detached (a fault)
 * has lost them, and says why.
 */
public final class ProbeHandle {
    private final Probes probes;
    private final int id;
    private final String kind;
    private final String name;
    private final String hook;
    private Map<Long, Long>[] finalMaps;

    ProbeHandle(Probes probes, JsonNode attached) {
        this.probes = probes;
        this.id = attached.path("id").asInt();
        this.kind = attached.path("kind").asText();
        this.name = attached.path("name").asText();
        this.hook = attached.path("hook").asText();
    }

    public int id() {
        return id;
    }

    public String hook() {
        return hook;
    }

    public String name() {
        return name;
    }

    /** "probe" or "patch". */
    public String kind() {
        return kind;
    }

    /** Map 0, key to value, sorted by key. */
    public Map<Long, Long> map() {
        return map(0);
    }

    /** Map i (0..3), key to value, sorted by key. */
    public Map<Long, Long> map(int i) {
        if (i < 0 || i >= oolong.api.probe.Maps.COUNT) {
            throw new IllegalArgumentException("map must be 0.." + (oolong.api.probe.Maps.COUNT - 1) + ", not " + i);
        }
        if (finalMaps != null) {
            return finalMaps[i];
        }
        return probes.readMap(id, i, state());
    }

    /**
     * Sets key to value in map i of the extension in the kernel: how the REPL tells an extension
     * what to act on (e.g. {@code put(3, 0, puppet.pid())} for a patch that reads {@code m.get(3, 0)}).
     */
    public ProbeHandle put(int i, long key, long value) {
        probes.put(id, i, key, value);
        return this;
    }

    /** Map i read as a log2 histogram (filled with {@code m.hist(i, value)}), printed as bpftrace prints @hist. */
    public Histogram histogram(int i) {
        return new Histogram(name + (i == 0 ? "" : "[" + i + "]"), map(i));
    }

    /**
     * Map i read as one log2 histogram per key (filled with {@code m.hist(i, key, value)}), by key:
     * e.g. per pid.
     */
    public Map<Long, Histogram> histograms(int i) {
        Map<Long, Map<Long, Long>> split = new java.util.TreeMap<>();
        for (Map.Entry<Long, Long> e : map(i).entrySet()) {
            long key = e.getKey() >> 8;
            long bucket = (byte) (e.getKey() & 0xff);
            split.computeIfAbsent(key, x -> new java.util.TreeMap<>()).put(bucket, e.getValue());
        }
        Map<Long, Histogram> out = new java.util.TreeMap<>();
        split.forEach((key, buckets) -> out.put(key, new Histogram(name + "[" + key + "]", buckets)));
        return out;
    }

    /** How many times it ran. */
    public long hits() {
        return state().path("hits").asLong();
    }

    /** What it cost: hits, time and interpreted instructions, in all and per hit. */
    public ProbeList.Cost cost() {
        return ProbeList.Cost.of(state());
    }

    /** Updates of absent keys dropped because map i was full. */
    public long drops(int i) {
        return state().path("drops").path(i).asLong();
    }

    /** Whether it is still attached (the kernel detaches an extension that faults). */
    public boolean attached() {
        return !state().has("reason");
    }

    /** Detaches it, keeping the maps as they were; returns the handle (its final figures print). */
    public ProbeHandle detach() {
        JsonNode s = state();
        if (s.has("reason")) {
            throw new IllegalStateException(kind + " " + name + " is no longer attached: " + probes.explain(s));
        }
        @SuppressWarnings("unchecked")
        Map<Long, Long>[] maps = new Map[oolong.api.probe.Maps.COUNT];
        for (int i = 0; i < maps.length; i++) {
            maps[i] = probes.readMap(id, i, s);
        }
        probes.detach(id);
        finalMaps = maps;
        return this;
    }

    private JsonNode state() {
        return probes.state(id);
    }

    @Override
    public String toString() {
        JsonNode s = state();
        ProbeList.Cost c = ProbeList.Cost.of(s);
        String mode = s.path("compiled").asBoolean()
                ? String.format("compiled to %d bytes in %.2f ms", s.path("code_bytes").asLong(), s.path("compile_ns").asLong() / 1e6)
                : "interpreted";
        return kind + " " + name + " on " + hook + " (id " + id + ", " + mode + "): " + c
                + (!s.has("reason") ? "" : s.path("reason").asText().equals("detached") ? "; detached"
                        : "; detached by the kernel: " + probes.explain(s));
    }
}
