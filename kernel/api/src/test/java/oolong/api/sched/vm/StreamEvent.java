package oolong.api.sched.vm;

import java.util.Random;
import oolong.api.probe.Event;
import oolong.api.probe.EventArgs;

/**
 * A reproducible stream of events for the differential and fault tests: each {@link #next()}
 * moves to a new event with a pid from a few, hook 0 or 1, and arguments mixing small values
 * (syscall numbers, sizes) with large and negative ones. Public for kernel/os's tests.
 */
public final class StreamEvent implements Event {
    private final Random random;
    private int pid;
    private int hook;
    private long now;
    private long nanos;
    private final long[] args = new long[ARGS];

    public StreamEvent(long seed) {
        random = new Random(seed);
    }

    public StreamEvent next() {
        pid = 1 + random.nextInt(9);
        hook = random.nextInt(2);
        now += random.nextInt(3);
        nanos += 1 + random.nextInt(5000);
        for (int i = 0; i < ARGS; i++) {
            args[i] = switch (random.nextInt(4)) {
                case 0 -> i == 0 && random.nextBoolean() ? oolong.api.Syscall.GETPID : random.nextInt(32);
                case 1 -> random.nextInt(1 << 20);
                case 2 -> -random.nextInt(100);
                default -> random.nextLong();
            };
        }
        return this;
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
        return nanos;
    }
}
