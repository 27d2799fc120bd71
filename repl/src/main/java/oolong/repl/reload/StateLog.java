package oolong.repl.reload;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The snippets of a session that built kernel state on the current machine, in the order they
 * ran: what {@code /reload} replays on the next one. The shell opens a snippet before it runs and
 * closes it after; every agent request sent meanwhile (from any thread) is classified by
 * {@link StateCalls}. A snippet that failed is not kept (its state may be half built; the user saw
 * it fail). A new machine (a reboot, a restore) starts the log afresh: its state is not the
 * log's any more.
 */
public final class StateLog {
    /** One snippet that built state, and which kinds. */
    public record Entry(String source, List<String> kinds) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private Set<String> open;
    private int openGeneration;

    /** A snippet starts running on the machine of this generation. */
    public synchronized void begin(int generation) {
        open = new LinkedHashSet<>();
        openGeneration = generation;
    }

    /** An agent request was sent (on any thread). */
    public synchronized void request(String op, Map<String, ?> args) {
        if (open != null) {
            StateCalls.classify(op, args).ifPresent(open::add);
        }
    }

    /**
     * The snippet ended; it is kept when it built state, did not fail and the machine is still
     * the one it started on (a snippet that called vm.reboot() or vm.restore() starts a new log).
     */
    public synchronized void end(String source, boolean failed, int generation) {
        Set<String> kinds = open;
        open = null;
        if (generation != openGeneration) {
            entries.clear();
            return;
        }
        if (kinds != null && !kinds.isEmpty() && !failed) {
            List<String> ordered = new ArrayList<>(kinds);
            ordered.sort(java.util.Comparator.comparingInt(StateCalls.KINDS::indexOf));
            entries.add(new Entry(source.strip(), List.copyOf(ordered)));
        }
    }

    /** The machine was replaced by something other than a reload: its state is gone. */
    public synchronized void clear() {
        entries.clear();
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }
}
