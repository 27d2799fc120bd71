package oolong.kernel.error;

/** A broken kernel invariant (an illegal state transition, say): on the host a test failure, in the guest a panic. */
public final class KernelBug extends RuntimeException {
    public KernelBug(String message) {
        super(message);
    }
}
