package oolong.api.probe;

/**
 * What an extension sees of one event at a hook: a read-only view, like
 * {@link oolong.api.sched.RunQueue}. The meaning of each {@link #arg} is documented per hook
 * ({@link Hooks}, docs/probes.md).
 */
public interface Event {
    /** Number of hook arguments an event can carry: arg(0) .. arg(ARGS - 1). */
    int ARGS = 6;

    /** The process the event belongs to (0 when none, e.g. at a tick while idle). */
    int pid();

    /** Hook-specific value i, 0 <= i < ARGS (0 where the hook defines none); another i is a fault. */
    long arg(int i);

    /** The tick counter. */
    long now();

    /** The id of the hook firing ({@link Hooks#id}), for an extension attached to several. */
    int hook();

    /** Nanoseconds of a monotonic clock, for latencies (the kernel's cycle-derived clock). */
    long nanos();
}
