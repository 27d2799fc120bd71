package oolong.campaign.run;

import oolong.campaign.exec.Executor;
import oolong.campaign.exec.Finding;
import oolong.campaign.exec.Run;
import oolong.campaign.prog.Minimizer;
import oolong.campaign.prog.Program;

/**
 * Shrinks a failing program on the machine that found it: {@link Minimizer} with "still fails
 * with the same signature" as its test (each candidate is a run; a failing one reboots the
 * machine), then one more run of the result, whose answers the reproducer is written from.
 */
final class Shrinker {
    record Shrunk(Program program, Run run, int tests, long nanos) {
    }

    private Shrinker() {
    }

    static Shrunk shrink(Executor ex, Program failing, Run original) {
        long t0 = System.nanoTime();
        String signature = original.finding().signature();
        Minimizer m = new Minimizer(c -> {
            Run r = ex.run(c);
            return r.finding() != null && r.finding().signature().equals(signature);
        });
        Program small = m.minimize(failing);
        Run confirm = ex.run(small);
        Finding f = confirm.finding();
        if (f == null || !f.signature().equals(signature)) {
            return new Shrunk(failing, original, m.tests() + 1, System.nanoTime() - t0);    /* did not fail again: keep the original */
        }
        return new Shrunk(small, confirm, m.tests() + 1, System.nanoTime() - t0);
    }
}
