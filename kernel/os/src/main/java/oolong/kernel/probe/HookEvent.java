package oolong.kernel.probe;

import oolong.api.probe.Event;
import oolong.api.probe.EventArgs;

/**
 * The one event object the registry fills and hands to every extension at a hook (allocated once:
 * hooks run inside system calls, faults and the scheduler). Arguments a hook does not define are 0.
 */
final class HookEvent implements Event {
    private final Extensions.Clock clock;
    int hook;
    int pid;
    long now;
    final long[] args = new long[ARGS];

    HookEvent(Extensions.Clock clock) {
        this.clock = clock;
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public long arg(int i) {
        return EventArgs.get(args, i);
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public int hook() {
        return hook;
    }

    @Override
    public long nanos() {
        return clock.nanos();
    }
}
