package oolong.kernel.sched;

import oolong.api.sched.Policy;
import oolong.api.sched.RunQueue;

/** Lottery scheduling: each process holds weight() tickets; a random ticket picks the winner. */
public final class LotteryPolicy implements Policy {
    @Override
    public int pick(RunQueue q) {
        int total = 0;
        for (int i = 0; i < q.size(); i++) {
            total += Math.max(1, q.weight(i));
        }
        int ticket = q.random(total);
        for (int i = 0; i < q.size(); i++) {
            ticket -= Math.max(1, q.weight(i));
            if (ticket < 0) {
                return i;
            }
        }
        return q.size() - 1;
    }
}
