package oolong.campaign.prog;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A fault point's configuration in a program, with the knobs of k.faults().prepare(...): the
 * scope (puppets by name, or the subtree of one), after, times, every, probability with its seed,
 * and the point's parameter (a system-call number, a byte count, ticks, which frame allocations).
 * Defaults are the facade's: probability 1, every 1, times -1 (no limit), after 0, seed 1.
 */
public record FaultSetting(String point, List<String> pids, String subtree, double probability, int every, long times,
                           long after, long parameter, long seed) {

    /** The points a campaign sets (all of the kernel's). */
    public static final List<String> POINTS = List.of("process-alloc", "kill-at-syscall", "pipe-drop", "pipe-truncate",
            "frames", "tick-skip", "tick-delay");

    public FaultSetting {
        pids = List.copyOf(pids);
        if (!POINTS.contains(point)) {
            throw new IllegalArgumentException("no fault point " + point);
        }
    }

    public FaultSetting renamed(UnaryOperator<String> rename) {
        return new FaultSetting(point, pids.stream().map(rename).toList(), subtree == null ? null : rename.apply(subtree),
                probability, every, times, after, parameter, seed);
    }

    public FaultSetting with(double probability, int every, long times, long after, long seed) {
        return new FaultSetting(point, pids, subtree, probability, every, times, after, parameter, seed);
    }

    public FaultSetting scopedTo(List<String> pids, String subtree) {
        return new FaultSetting(point, pids, subtree, probability, every, times, after, parameter, seed);
    }

    /** The variables it refers to. */
    public List<String> uses() {
        return subtree == null ? pids : java.util.stream.Stream.concat(pids.stream(), java.util.stream.Stream.of(subtree))
                .toList();
    }
}
