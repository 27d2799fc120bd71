package oolong.api.sched.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import oolong.api.probe.Event;
import oolong.api.probe.FixedMaps;
import oolong.api.probe.Maps;
import oolong.api.probe.Patch;
import oolong.api.probe.Probe;
import oolong.api.sched.Policy;

/**
 * The one differential harness: HotSpot runs a policy, probe or patch as Java, and each
 * {@link Participant} (the interpreter; the compiled code) runs its verified class file on copies
 * of the same inputs, and must agree after every run.
 *
 * <ul>
 * <li>Policies, over the run-queue corpus ({@link SnapshotQueue}: processes joining and leaving;
 *     seed s has 1 + 7s mod 64 processes): after every decision the choice and the queue's state
 *     (the slice, every scratch and global value, the random draws).</li>
 * <li>Probes and patches, over the event streams ({@link StreamEvent}), HotSpot against the JDK's
 *     maps ({@link ReferenceMaps}) and each participant against the kernel's {@link FixedMaps}:
 *     after every event the decision; after every stream every map and every drop count.</li>
 * </ul>
 *
 * Every participant after the first must also have counted the same instructions as the first,
 * run by run; the harness returns the first's total, which tests pin (budgets are counted in
 * these instructions). Public for the jit's tests and kernel/os's.
 */
public final class DifferentialHarness {
    /** The policy corpus: seeds x decisions. */
    public static final int POLICY_SEEDS = 40;
    public static final int POLICY_STEPS = 300;
    /** The event corpus: streams x events. */
    public static final int EXTENSION_SEEDS = 20;
    public static final int EXTENSION_EVENTS = 2000;
    /** Meaning, not cost, is compared here: Arithmetic over 64 processes takes ~11,000 instructions. */
    static final long POLICY_BUDGET = 1_000_000;
    static final long EXTENSION_BUDGET = 100_000;

    /** The interpreter alone against HotSpot. */
    public static final List<Participant.Factory> INTERPRETED = List.of(InterpretedParticipant::new);

    private DifferentialHarness() {
    }

    /**
     * Runs `seeds` x `steps` decisions of the policy c on HotSpot and on each participant, failing
     * at the first disagreement; returns the instructions the first participant counted in all.
     */
    public static long policy(Class<? extends Policy> c, int seeds, int steps, List<Participant.Factory> sides)
            throws Exception {
        assertFalse(sides.isEmpty(), "nothing to compare HotSpot with");
        VerifiedPolicy verified = PolicyVerifier.verify(ClassBytes.of(c));
        List<Participant> open = new ArrayList<>();
        try {
            for (Participant.Factory f : sides) {
                open.add(f.open(verified, POLICY_BUDGET));
            }
            long decisions = 0;
            long instructions = 0;
            for (int seed = 1; seed <= seeds; seed++) {
                int size = 1 + (seed * 7) % 64;
                Policy jvm = c.getDeclaredConstructor().newInstance();
                SnapshotQueue expected = new SnapshotQueue(seed, size);
                SnapshotQueue[] queues = new SnapshotQueue[open.size()];
                for (int i = 0; i < queues.length; i++) {
                    queues[i] = new SnapshotQueue(seed, size);
                    open.get(i).startSeed();
                }
                for (int step = 0; step < steps; step++) {
                    expected.beginDecision();
                    for (SnapshotQueue q : queues) {
                        q.beginDecision();
                    }
                    String where = c.getSimpleName() + " seed " + seed + " step " + step;
                    int x;
                    try {
                        x = jvm.pick(expected);
                    } catch (RuntimeException e) {
                        fail(where + ": the JVM threw " + e);
                        return -1;
                    }
                    long counted = 0;
                    for (int i = 0; i < queues.length; i++) {
                        Participant p = open.get(i);
                        int y = p.pick(queues[i]);
                        assertEquals(x, y, where + ": " + p.name() + " choice");
                        assertEquals(expected.state(), queues[i].state(), where + ": queue state after the " + p.name()
                                + " decision");
                        counted = sameCount(open, i, counted, where);
                    }
                    decisions++;
                    instructions += counted;
                    expected.advance(x);
                    for (SnapshotQueue q : queues) {
                        q.advance(x);
                    }
                }
            }
            assertEquals((long) seeds * steps, decisions);
            return instructions;
        } finally {
            closeAll(open);
        }
    }

    /**
     * Runs `seeds` streams of `events` through the probe or patch c on HotSpot and on each
     * participant, with maps of `capacity` keys; returns the instructions the first participant
     * counted in all.
     */
    public static long extension(Class<?> c, int capacity, int seeds, int events, List<Participant.Factory> sides)
            throws Exception {
        assertFalse(sides.isEmpty(), "nothing to compare HotSpot with");
        ExtensionKind kind = Probe.class.isAssignableFrom(c) ? ExtensionKind.PROBE : ExtensionKind.PATCH;
        VerifiedPolicy verified = PolicyVerifier.verify(ClassBytes.of(c), kind);
        assertEquals(kind, verified.kind());
        List<Participant> open = new ArrayList<>();
        try {
            for (Participant.Factory f : sides) {
                open.add(f.open(verified, EXTENSION_BUDGET));
            }
            long instructions = 0;
            for (int seed = 1; seed <= seeds; seed++) {
                Object jvm = c.getDeclaredConstructor().newInstance();
                ReferenceMaps expected = new ReferenceMaps(capacity);
                StreamEvent reference = new StreamEvent(seed);
                FixedMaps[] maps = new FixedMaps[open.size()];
                StreamEvent[] streams = new StreamEvent[open.size()];
                for (int i = 0; i < maps.length; i++) {
                    maps[i] = new FixedMaps(capacity);
                    streams[i] = new StreamEvent(seed);
                    open.get(i).startSeed();
                }
                for (int e = 0; e < events; e++) {
                    reference.next();
                    for (StreamEvent s : streams) {
                        s.next();
                    }
                    String where = c.getSimpleName() + " seed " + seed + " event " + e;
                    long x = run(jvm, reference, expected);
                    long counted = 0;
                    for (int i = 0; i < maps.length; i++) {
                        Participant p = open.get(i);
                        assertEquals(x, p.decide(streams[i], maps[i]), where + ": " + p.name() + " decision");
                        counted = sameCount(open, i, counted, where);
                    }
                    instructions += counted;
                }
                for (int m = 0; m < Maps.COUNT; m++) {
                    String where = c.getSimpleName() + " seed " + seed + " map " + m;
                    for (int i = 0; i < maps.length; i++) {
                        String name = open.get(i).name();
                        assertEquals(expected.contents(m), ReferenceMaps.contents(maps[i], m), where + " " + name);
                        assertEquals(expected.drops(m), maps[i].drops(m), where + " drops " + name);
                    }
                }
            }
            return instructions;
        } finally {
            closeAll(open);
        }
    }

    /** The first participant's count of its last run; each later one must have counted the same. */
    private static long sameCount(List<Participant> open, int i, long first, String where) {
        long n = open.get(i).lastInstructions();
        if (i > 0) {
            assertEquals(first, n, where + ": instructions, " + open.get(i).name() + " against " + open.get(0).name());
        }
        return i == 0 ? n : first;
    }

    private static long run(Object ext, Event e, Maps m) {
        if (ext instanceof Probe p) {
            p.fire(e, m);
            return Patch.PASS;
        }
        return ((Patch) ext).decide(e, m);
    }

    private static void closeAll(List<Participant> open) {
        for (Participant p : open) {
            p.close();
        }
    }
}
