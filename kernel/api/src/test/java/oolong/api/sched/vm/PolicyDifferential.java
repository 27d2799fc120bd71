package oolong.api.sched.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import oolong.api.sched.Policy;

/**
 * The interpreter and the JVM run the same policy on the same run-queue snapshots and must agree
 * on every decision: the choice, the slice, every scratch and global value and the random
 * generator's draws, over sequences where processes come and go. Public for kernel/os's test of
 * the built-in policies.
 */
public final class PolicyDifferential {
    public static final int SEEDS = 40;
    public static final int STEPS = 300;

    private PolicyDifferential() {
    }

    /**
     * Runs SEEDS x STEPS decisions both ways and fails at the first disagreement; returns the
     * instructions the interpreter executed in all, which the kernel's budgets are measured in.
     */
    public static long agree(Class<? extends Policy> c) throws Exception {
        VerifiedPolicy verified = PolicyVerifier.verify(ClassBytes.of(c));
        long decisions = 0;
        long instructions = 0;
        for (int seed = 1; seed <= SEEDS; seed++) {
            int size = 1 + (seed * 7) % 64;
            Policy jvm = c.getDeclaredConstructor().newInstance();
            PolicyInterpreter vm = new PolicyInterpreter(verified);
            vm.setBudget(1_000_000);      /* meaning, not cost, is compared here: Arithmetic over 64 processes takes ~11,000 */
            SnapshotQueue a = new SnapshotQueue(seed, size);
            SnapshotQueue b = new SnapshotQueue(seed, size);
            for (int step = 0; step < STEPS; step++) {
                a.beginDecision();
                b.beginDecision();
                String where = c.getSimpleName() + " seed " + seed + " step " + step;
                int x;
                try {
                    x = jvm.pick(a);
                } catch (RuntimeException e) {
                    fail(where + ": the JVM threw " + e);
                    return -1;
                }
                int y = vm.pick(b);
                assertEquals(x, y, where + ": choice");
                assertEquals(a.state(), b.state(), where + ": queue state after the decision");
                decisions++;
                instructions += vm.lastInstructions();
                a.advance(x);
                b.advance(y);
            }
        }
        assertEquals((long) SEEDS * STEPS, decisions);
        return instructions;
    }
}
