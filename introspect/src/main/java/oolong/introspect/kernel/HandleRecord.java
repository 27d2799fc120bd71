package oolong.introspect.kernel;

import java.util.List;

/**
 * A process's handle table as memory shows it, with the facts the agent's {@code handles}
 * reports. A slot's {@code end} is "read"/"write" for a pipe end, the handle's label otherwise;
 * {@code blocked} lists the pids queued on the pipe.
 */
public record HandleRecord(int pid, boolean shared, int sharers, List<Slot> slots) {
    public record Slot(int slot, String type, String end, int refcount, boolean readable, boolean writable,
                       boolean peerOpen, List<Integer> blocked, long pipe) {
    }
}
