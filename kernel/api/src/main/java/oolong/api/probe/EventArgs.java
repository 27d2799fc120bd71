package oolong.api.probe;

/**
 * The one range check of {@link Event#arg}: every event that keeps its arguments in an array (the
 * kernel's hook event, the tests' event streams) reads them through {@link #get}, so an index
 * outside 0..ARGS-1 faults with the same message everywhere — the message an extension's fault
 * report quotes (docs/probes.md).
 */
public final class EventArgs {
    private EventArgs() {
    }

    /** args[i] for 0 <= i < {@link Event#ARGS}; another i is an IllegalArgumentException naming it. */
    public static long get(long[] args, int i) {
        if (i < 0 || i >= Event.ARGS) {
            throw new IllegalArgumentException("arg " + i + " is outside 0.." + (Event.ARGS - 1));
        }
        return args[i];
    }
}
