package oolong.api.sched.vm;

import oolong.api.probe.Event;
import oolong.api.probe.Maps;
import oolong.api.sched.RunQueue;

/** The interpreter as a {@link Participant}: a fresh {@link PolicyInterpreter} for every seed. Public for kernel/os. */
public final class InterpretedParticipant implements Participant {
    private final VerifiedPolicy verified;
    private final long budget;
    private PolicyInterpreter vm;

    public InterpretedParticipant(VerifiedPolicy verified, long budget) {
        this.verified = verified;
        this.budget = budget;
        startSeed();
    }

    @Override
    public String name() {
        return "interpreted";
    }

    @Override
    public void startSeed() {
        vm = new PolicyInterpreter(verified);
        vm.setBudget(budget);
    }

    @Override
    public int pick(RunQueue q) {
        return vm.pick(q);
    }

    @Override
    public long decide(Event e, Maps m) {
        return vm.decide(e, m);
    }

    @Override
    public long lastInstructions() {
        return vm.lastInstructions();
    }

    @Override
    public void close() {
    }
}
