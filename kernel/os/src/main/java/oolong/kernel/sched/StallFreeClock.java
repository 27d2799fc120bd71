package oolong.kernel.sched;

/**
 * The kernel clock with the stretches in which the guest could not run taken out: the clock the
 * scheduler's watchdog and CPU bound measure with.
 *
 * <p>Under TCG the guest's clock follows the host's. When the host does not run QEMU for a while (a
 * busy machine), or the kernel itself is busy for long with interrupts off (a `ps` of ten thousand
 * processes), the clock jumps while no policy had a chance to run anything; counting that jump as
 * waiting would blame the policy for the host and throw out a fair policy on a loaded machine.
 * The timer shows such stretches: it ticks every period while the guest runs, so a gap between two
 * observed ticks of more than {@link #STALL_PERIODS} periods is a stall, and all of it but one period
 * is left out. A policy cannot make such a gap itself: its decisions are bounded well under a tick
 * (docs/scheduler.md).
 */
public final class StallFreeClock implements Scheduler.Clock {
    /** A gap between ticks longer than this many timer periods is a stall. */
    public static final int STALL_PERIODS = 3;

    private final Scheduler.Clock raw;
    private long periodNanos = 10_000_000L;
    private long lastTickNanos = -1;
    private long excludedNanos;

    public StallFreeClock(Scheduler.Clock raw) {
        this.raw = raw;
    }

    public void setPeriodNanos(long nanos) {
        periodNanos = Math.max(1, nanos);
    }

    /** Called when the kernel sees a timer tick: a long gap since the previous one is a stall. */
    public void observeTick() {
        long t = raw.nanos();
        if (lastTickNanos >= 0) {
            long gap = t - lastTickNanos;
            if (gap > STALL_PERIODS * periodNanos) {
                excludedNanos += gap - periodNanos;
            }
        }
        lastTickNanos = t;
    }

    /** Time left out so far. */
    public long stalledNanos() {
        return excludedNanos;
    }

    @Override
    public long nanos() {
        return raw.nanos() - excludedNanos;
    }
}
