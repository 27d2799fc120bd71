package oolong.kernel.sched;

import oolong.api.sched.Policy;
import oolong.api.sched.RunQueue;

/**
 * Strict priority by nice value (lower runs first); among equals, round robin. A process that
 * waited 50 ticks is considered once at the best priority, so nothing starves forever (well within
 * the watchdog's limit of one second).
 */
public final class PriorityPolicy implements Policy {
    static final long AGING_TICKS = 50;

    @Override
    public int pick(RunQueue q) {
        int best = 0;
        for (int i = 1; i < q.size(); i++) {
            int ni = effectiveNice(q, i);
            int nb = effectiveNice(q, best);
            if (ni < nb || (ni == nb && q.sinceRun(i) > q.sinceRun(best))) {
                best = i;
            }
        }
        return best;
    }

    private static int effectiveNice(RunQueue q, int i) {
        return q.sinceRun(i) >= AGING_TICKS ? -20 : q.nice(i);
    }
}
