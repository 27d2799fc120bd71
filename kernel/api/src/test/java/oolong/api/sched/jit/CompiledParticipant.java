package oolong.api.sched.jit;

import java.util.List;
import oolong.api.probe.Event;
import oolong.api.probe.Maps;
import oolong.api.sched.RunQueue;
import oolong.api.sched.vm.ExtensionKind;
import oolong.api.sched.vm.InterpretedParticipant;
import oolong.api.sched.vm.Participant;
import oolong.api.sched.vm.VerifiedPolicy;

/**
 * The compiled machine code as a {@link Participant}: the verified class compiled once and run
 * for real in its own {@link HarnessCode} process for every seed, released at the end. Public
 * for kernel/os's tests.
 */
public final class CompiledParticipant implements Participant {
    /** HotSpot, the interpreter and the compiled code: the three-way comparison. */
    public static final List<Participant.Factory> WITH_INTERPRETER =
            List.of(InterpretedParticipant::new, CompiledParticipant::new);

    private final CompiledRun run;

    public CompiledParticipant(VerifiedPolicy verified, long budget) {
        run = verified.kind() == ExtensionKind.POLICY ? HarnessCode.policy(verified) : HarnessCode.extension(verified);
        run.setBudget(budget);
    }

    @Override
    public String name() {
        return "compiled";
    }

    @Override
    public void startSeed() {
    }

    @Override
    public int pick(RunQueue q) {
        return ((CompiledPolicy) run).pick(q);
    }

    @Override
    public long decide(Event e, Maps m) {
        return ((CompiledExtension) run).decide(e, m);
    }

    @Override
    public long lastInstructions() {
        return run.lastInstructions();
    }

    @Override
    public void close() {
        run.release();
    }
}
