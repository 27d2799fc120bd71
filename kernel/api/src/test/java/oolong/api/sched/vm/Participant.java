package oolong.api.sched.vm;

import oolong.api.probe.Event;
import oolong.api.probe.Maps;
import oolong.api.sched.RunQueue;

/**
 * One way of running a verified class that {@link DifferentialHarness} compares with HotSpot
 * running the same Java class: the interpreter ({@link InterpretedParticipant}) or the compiled
 * machine code (kernel/api's jit tests, CompiledParticipant). Each participant is given its own
 * copy of every run queue, event and map, so nothing one does can hide what another does.
 * Public for the jit's tests and kernel/os's.
 */
public interface Participant extends AutoCloseable {
    /** Opens a participant on the class the harness verified, with its budget per run. */
    interface Factory {
        Participant open(VerifiedPolicy verified, long budget);
    }

    /** How a disagreement names it: "interpreted", "compiled". */
    String name();

    /** The start of a seed's run, when HotSpot gets a fresh instance of the class. */
    void startSeed();

    /** A policy's decision. */
    int pick(RunQueue q);

    /** A probe's run (answering {@link oolong.api.probe.Patch#PASS}) or a patch's decision. */
    long decide(Event e, Maps m);

    /** The instructions the last run counted (budgets are counted in these). */
    long lastInstructions();

    /** Releases what the participant holds (compiled code, a harness process). */
    @Override
    void close();
}
