package oolong.introspect.kernel;

/**
 * One run of a process's page mappings (what the agent's {@code pages} reports): consecutive
 * virtual pages on consecutive frames with the same flags ("r w x u c": writable, executable,
 * user, copy-on-write) and the same sharing (every frame has more than one reference).
 */
public record MappingRecord(long virtualStart, long pages, long physicalStart, String flags, boolean shared) {
}
