package oolong.kernel.sched;

import oolong.api.sched.Policy;
import oolong.api.sched.RunQueue;

/**
 * The seed's scheduler (Camellia's proc_switch_any): keep running the current process while it
 * can run, otherwise the first runnable process in tree order. Not preemptive in spirit: a
 * process that never blocks keeps the CPU.
 */
public final class SeedPolicy implements Policy {
    @Override
    public int pick(RunQueue q) {
        int current = q.current();
        return current >= 0 ? current : 0;
    }
}
