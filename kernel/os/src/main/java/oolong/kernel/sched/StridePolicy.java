package oolong.kernel.sched;

import oolong.api.sched.Policy;
import oolong.api.sched.RunQueue;

/**
 * Stride scheduling (Waldspurger): each process advances a "pass" by STRIDE / weight every time it
 * runs; the smallest pass goes next, so CPU shares follow the weights. Per-process scratch slot 0
 * holds the pass; global slot 0 the pass of the last pick, given to newcomers so they do not
 * monopolise the CPU.
 */
public final class StridePolicy implements Policy {
    static final long STRIDE = 1 << 20;
    static final int PASS = 0;
    static final int GLOBAL_PASS = 0;

    @Override
    public int pick(RunQueue q) {
        long floor = q.global(GLOBAL_PASS);
        int best = -1;
        for (int i = 0; i < q.size(); i++) {
            if (q.scratch(i, PASS) == 0) {
                q.setScratch(i, PASS, floor + STRIDE / Math.max(1, q.weight(i)));
            }
            if (best < 0 || q.scratch(i, PASS) < q.scratch(best, PASS)) {
                best = i;
            }
        }
        long pass = q.scratch(best, PASS);
        q.setGlobal(GLOBAL_PASS, pass);
        q.setScratch(best, PASS, pass + STRIDE / Math.max(1, q.weight(best)));
        return best;
    }
}
