package oolong.introspect.memory;

/**
 * Guest physical memory, from wherever it can be read: a live machine through QMP, or an ELF
 * core dump on disk. Everything above (page tables, objects, stacks) is built on this one call,
 * so it works the same over both (drgn's "program over a memory source").
 */
public interface PhysicalMemory {
    /**
     * Copies {@code length} bytes at a guest physical address into {@code dst}. Throws
     * {@link MemoryAccessException} when the range is not guest RAM (or not in the dump).
     */
    void read(long address, byte[] dst, int offset, int length);

    default byte[] read(long address, int length) {
        byte[] b = new byte[length];
        read(address, b, 0, length);
        return b;
    }
}
