package oolong.kernel.proc;

/** The seed's panics that user actions can provoke (killing init early): raised through {@link ProcessHooks#panic}. */
public final class KernelPanic extends RuntimeException {
    public KernelPanic(String message) {
        super(message);
    }
}
