package oolong.api.sched.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import oolong.api.sched.Policy;
import oolong.api.sched.vm.ClassBytes;
import oolong.api.sched.vm.PolicyInterpreter;
import oolong.api.sched.vm.PolicyVerifier;
import oolong.api.sched.vm.SnapshotQueue;
import oolong.api.sched.vm.VerifiedPolicy;

/**
 * HotSpot, the interpreter and the compiled code run the same policy on three copies of the same
 * run-queue snapshots (oolong.api.sched.vm.PolicyDifferential's, processes joining and leaving)
 * and must agree after every decision on the choice, the slice, every scratch and global value
 * and the random draws; the interpreter and the compiled code must also have counted the same
 * instructions, decision by decision. Public for kernel/os's test of the built-in policies.
 */
public final class ThreeWayDifferential {
    private ThreeWayDifferential() {
    }

    /** Runs `seeds` x `steps` decisions three ways; returns the instructions counted in all. */
    public static long agree(Class<? extends Policy> c, int seeds, int steps) throws Exception {
        VerifiedPolicy verified = PolicyVerifier.verify(ClassBytes.of(c));
        CompiledPolicy compiled = HarnessCode.policy(verified);
        long instructions = 0;
        try {
            compiled.setBudget(1_000_000);
            for (int seed = 1; seed <= seeds; seed++) {
                int size = 1 + (seed * 7) % 64;
                Policy jvm = c.getDeclaredConstructor().newInstance();
                PolicyInterpreter vm = new PolicyInterpreter(verified);
                vm.setBudget(1_000_000);
                SnapshotQueue a = new SnapshotQueue(seed, size);
                SnapshotQueue b = new SnapshotQueue(seed, size);
                SnapshotQueue n = new SnapshotQueue(seed, size);
                for (int step = 0; step < steps; step++) {
                    a.beginDecision();
                    b.beginDecision();
                    n.beginDecision();
                    String where = c.getSimpleName() + " seed " + seed + " step " + step;
                    int x;
                    try {
                        x = jvm.pick(a);
                    } catch (RuntimeException e) {
                        fail(where + ": the JVM threw " + e);
                        return -1;
                    }
                    int y = vm.pick(b);
                    int z = compiled.pick(n);
                    assertEquals(x, y, where + ": interpreted choice");
                    assertEquals(x, z, where + ": compiled choice");
                    assertEquals(a.state(), b.state(), where + ": queue state after the interpreted decision");
                    assertEquals(a.state(), n.state(), where + ": queue state after the compiled decision");
                    assertEquals(vm.lastInstructions(), compiled.lastInstructions(), where + ": instructions");
                    instructions += compiled.lastInstructions();
                    a.advance(x);
                    b.advance(y);
                    n.advance(z);
                }
            }
        } finally {
            compiled.release();
        }
        return instructions;
    }
}
