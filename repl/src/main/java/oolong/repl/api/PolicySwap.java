package oolong.repl.api;

/**
 * A change of scheduling policy as the kernel reported it (a {@code sched} event): at timer tick
 * {@code tick} (-1 if the kernel did not say) the policy {@code from} gave way to {@code to},
 * because it was {@code installed} over or, for a fallback, for the given reason.
 */
public record PolicySwap(long tick, String from, String to, String reason) {
    /** Whether the kernel threw the policy out (rather than a swap asked for with use or install). */
    public boolean fallback() {
        return !"installed".equals(reason);
    }

    @Override
    public String toString() {
        return (fallback() ? "fallback " + from + " -> " + to + " (" + reason + ")" : from + " -> " + to)
                + (tick >= 0 ? " at tick " + tick : "");
    }
}
