package oolong.kernel.sched;

import oolong.api.sched.Policy;
import oolong.api.sched.RunQueue;

/** Round robin: the runnable process that has waited longest since it last ran goes next. */
public final class RoundRobinPolicy implements Policy {
    @Override
    public int pick(RunQueue q) {
        int best = 0;
        for (int i = 1; i < q.size(); i++) {
            if (q.sinceRun(i) > q.sinceRun(best)) {
                best = i;
            }
        }
        return best;
    }
}
