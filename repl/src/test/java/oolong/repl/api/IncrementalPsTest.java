package oolong.repl.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import oolong.api.ForkFlags;
import oolong.kernel.agent.JsonWriter;
import oolong.kernel.proc.Process;
import oolong.kernel.proc.ProcessState;
import oolong.kernel.proc.Processes;
import oolong.kernel.proc.bench.InertMachine;
import oolong.kernel.sched.Timeline;
import org.junit.jupiter.api.Test;

/**
 * The incremental ps end to end on the host: the kernel's PsRows answering {@code since} from the
 * real process model, read by the REPL's PsRows and merged by its PsCache, gives after any mix of
 * forks, kills, exits, awaits, sleeps, wake-ups, renames, nice changes, CPU time and frees the
 * same tree as a full ps (ProcessInfo equality: every field, depth and order included).
 */
class IncrementalPsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A model and the two ends of ps: the kernel's writer and the host's copy. */
    static final class Fixture {
        final InertMachine machine = new InertMachine();
        final Processes model = new Processes(machine);
        final Process init = model.seed("init", machine.newSpace(), machine.newRegisters());
        /* who ran, as the machine records it: what tells the kernel whose CPU time, pages and handles changed */
        final Timeline timeline = new Timeline();
        final oolong.kernel.agent.PsRows kernelRows = new oolong.kernel.agent.PsRows(timeline);
        /* a second writer without a timeline: it looks at every process, as the kernel does when it cannot tell */
        final oolong.kernel.agent.PsRows walkingRows = new oolong.kernel.agent.PsRows(null);
        final PsCache cache = new PsCache();
        final List<Process> all = new ArrayList<>(List.of(init));
        long now;

        JsonNode ask(long since) {
            JsonWriter w = new JsonWriter();
            kernelRows.write(w, model, since);
            try {
                return JSON.readTree(w.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** A refresh as k.ps() does it; the answer, and the merged tree (null: the facade would ask again in full). */
        List<ProcessInfo> refresh() {
            JsonNode answer = ask(cache.generation());
            return cache.apply(PsRows.answer(answer, cache::depth));
        }

        List<ProcessInfo> full() {
            return PsRows.parse(ask(0));
        }

        /** A full ps from the writer that walks (another client's, in effect). */
        List<ProcessInfo> fullByWalking() {
            JsonWriter w = new JsonWriter();
            walkingRows.write(w, model, 0);
            try {
                return PsRows.parse(JSON.readTree(w.toString()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** The process runs a moment (what changes its CPU time), as the machine records it. */
        void run(Process p, long nanos) {
            timeline.record(now, p.pid());
            p.sched.cpuNanos += nanos;
        }

        /** One random change of the kinds the kernel makes. */
        void change(Random r) {
            Process p = all.get(r.nextInt(all.size()));
            switch (r.nextInt(10)) {
                case 0, 1, 2 -> {
                    if (p.state() == ProcessState.RUNNING) {
                        Process c = model.fork(p, r.nextInt(4) == 0 ? ForkFlags.NOREAP : 0).process;
                        if (c != null) {
                            all.add(c);
                        }
                    }
                }
                case 3 -> {
                    if (p.alive() && p != init) {
                        model.kill(p, r.nextInt(200) - 100);          /* an exit or a kill: the same path */
                    }
                }
                case 4 -> {
                    if (p.state() == ProcessState.RUNNING) {
                        model.await(p);
                    }
                }
                case 5 -> {
                    if (p.state() == ProcessState.RUNNING && p != init) {
                        model.sleepers().sleep(p, now + 1 + r.nextInt(50));
                    }
                }
                case 6 -> {
                    now += r.nextInt(30);
                    model.setNow(now);
                    model.sleepers().wakeDue(now);
                }
                case 7 -> run(p, r.nextInt(5000));
                case 8 -> {
                    model.changes().mark(p);                            /* as the agent's sched set does */
                    if (r.nextBoolean()) {
                        p.sched.nice = r.nextInt(40) - 20;
                    } else if (r.nextBoolean()) {
                        p.sched.weight = 1 + r.nextInt(5);
                    } else {
                        p.setProgram("prog" + r.nextInt(80));        /* past the 64 names of the table too */
                    }
                }
                default -> model.freeForgotten();
            }
        }
    }

    @Property(tries = 60)
    void anIncrementalTreeEqualsAFullPs(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int changesPerRefresh) {
        Fixture f = new Fixture();
        Random r = new Random(seed);
        assertEquals(f.full(), f.refresh(), "the first refresh is a full answer");
        for (int round = 0; round < 25; round++) {
            for (int i = 0; i < changesPerRefresh; i++) {
                f.change(r);
            }
            if (r.nextInt(5) == 0) {
                f.full();              /* another client's full ps in between: it moves the generation on */
            }
            if (r.nextInt(7) == 0) {
                f.fullByWalking();     /* and one that looks at every process */
            }
            List<ProcessInfo> merged = f.refresh();
            assertNotNull(merged, "the answer fits the kept tree");
            assertEquals(f.fullByWalking(), merged, "round " + round);
        }
    }

    @Test
    void anUnchangedTreeAnswersNoRowsAndAChangeAnswersOnlyItsRows() {
        Fixture f = new Fixture();
        for (int i = 0; i < 50; i++) {
            f.all.add(f.model.fork(f.init, 0).process);
        }
        f.refresh();
        JsonNode quiet = f.ask(f.cache.generation());
        assertFalse(quiet.path("full").asBoolean());
        assertEquals(0, quiet.path("rows").size(), quiet.toString());
        f.refresh();
        Process victim = f.all.get(10);
        f.model.kill(victim, 3);
        JsonNode answer = f.ask(f.cache.generation());
        assertEquals(1, answer.path("rows").size(), answer.toString());
        assertEquals(victim.pid(), answer.path("rows").get(0).get(0).asInt());
        assertEquals(0, answer.path("removed").size());
    }

    @Test
    void aGenerationTheKernelCannotTellAboutGetsTheWholeTree() {
        Fixture f = new Fixture();
        f.model.fork(f.init, 0);
        assertTrue(f.ask(0).path("full").asBoolean(), "0: nothing kept");
        long gen = f.ask(0).path("gen").asLong();
        assertTrue(f.ask(gen + 5).path("full").asBoolean(), "a generation not handed out yet (another boot's)");
        assertFalse(f.ask(gen).path("full").asBoolean());
    }

    @Test
    void removalsBeyondTheRingGiveTheWholeTree() {
        Fixture f = new Fixture();
        f.refresh();
        long gen = f.cache.generation();
        for (int i = 0; i < 17_000; i++) {
            Process c = f.model.fork(f.init, ForkFlags.NOREAP).process;
            f.model.kill(c, 0);                                   /* NOREAP: reaped and forgotten at once */
        }
        f.model.freeForgotten();
        JsonNode answer = f.ask(gen);
        assertTrue(answer.path("full").asBoolean(), "17,000 removals, the log keeps 16,384");
        assertEquals(f.full(), f.cache.apply(PsRows.answer(answer, f.cache::depth)));
    }
}
