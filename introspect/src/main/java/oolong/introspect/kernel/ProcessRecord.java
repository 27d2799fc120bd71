package oolong.introspect.kernel;

/**
 * One process as memory shows it, with the same facts the agent's {@code ps} reports (and the
 * address of its Process object). {@code code} is null while the process is alive.
 */
public record ProcessRecord(long address, int pid, int ppid, int cid, int depth, String program, String state, Long code,
                            boolean noreap, int handles, long pages, long cpuMicros, int nice, int weight) {
}
