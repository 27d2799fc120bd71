package oolong.introspect.memory;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads the memory underneath in aligned chunks and keeps them, so that walking a thousand
 * objects scattered over the kernel's heap costs a few dozen reads of the source rather than
 * tens of thousands (each QMP read is a round trip and a file). Valid for one consistent look at
 * the memory: {@link #invalidate} when the guest may have run since.
 */
public final class CachedMemory implements PhysicalMemory {
    private final PhysicalMemory source;
    private final int chunkBits;
    private final Map<Long, byte[]> chunks = new HashMap<>();

    /** Chunks of 2^chunkBits bytes (for example 16: 64 KiB). */
    public CachedMemory(PhysicalMemory source, int chunkBits) {
        if (chunkBits < 12 || chunkBits > 24) {
            throw new IllegalArgumentException("chunk size 2^" + chunkBits + " out of 4 KiB..16 MiB");
        }
        this.source = source;
        this.chunkBits = chunkBits;
    }

    @Override
    public synchronized void read(long address, byte[] dst, int offset, int length) {
        int chunkSize = 1 << chunkBits;
        long mask = chunkSize - 1L;
        int done = 0;
        while (done < length) {
            long at = address + done;
            byte[] chunk = chunk(at & ~mask);
            if (chunk == null) {          /* a chunk that is not all RAM (a hole, the end): read just this */
                source.read(address, dst, offset, length);
                return;
            }
            int in = (int) (at & mask);
            int n = Math.min(length - done, chunkSize - in);
            System.arraycopy(chunk, in, dst, offset + done, n);
            done += n;
        }
    }

    private byte[] chunk(long base) {
        if (chunks.containsKey(base)) {
            return chunks.get(base);
        }
        byte[] c = new byte[1 << chunkBits];
        try {
            source.read(base, c, 0, c.length);
        } catch (MemoryAccessException e) {
            c = null;
        }
        chunks.put(base, c);
        return c;
    }

    /** Forgets everything read: the next reads see the memory as it is then. */
    public synchronized void invalidate() {
        chunks.clear();
    }
}
