package oolong.kernel.sched;

import oolong.api.sched.Policy;

/** The policies compiled into the kernel, by name. */
public final class BuiltInPolicies {
    public static final String[] NAMES = {"seed", "round-robin", "priority", "lottery", "stride"};

    private BuiltInPolicies() {
    }

    public static Policy create(String name) {
        switch (name) {
            case "seed": return new SeedPolicy();
            case "round-robin": case "rr": return new RoundRobinPolicy();
            case "priority": return new PriorityPolicy();
            case "lottery": return new LotteryPolicy();
            case "stride": return new StridePolicy();
            default: return null;
        }
    }
}
