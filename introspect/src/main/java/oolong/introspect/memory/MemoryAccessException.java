package oolong.introspect.memory;

/** A read of memory that is not there: outside guest RAM, unmapped, or missing from a dump. */
public class MemoryAccessException extends RuntimeException {
    private final long address;

    public MemoryAccessException(long address, String message) {
        super(message);
        this.address = address;
    }

    public MemoryAccessException(long address, String message, Throwable cause) {
        super(message, cause);
        this.address = address;
    }

    public long address() {
        return address;
    }
}
