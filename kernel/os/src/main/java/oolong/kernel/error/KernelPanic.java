package oolong.kernel.error;

/**
 * The seed's panics that user actions can provoke (killing init early): raised after the process
 * model told its hooks ({@code ProcessHooks.panic}), which print the report and end the run.
 */
public final class KernelPanic extends RuntimeException {
    public KernelPanic(String message) {
        super(message);
    }
}
