package oolong.kernel.agent;

import oolong.api.sched.Policy;
import oolong.api.sched.RunQueue;

/** The smallest policy the kernel's verifier accepts: always the first runnable process. Sent as a class file by tests. */
public final class FirstRunnablePolicy implements Policy {
    @Override
    public int pick(RunQueue q) {
        return 0;
    }
}
