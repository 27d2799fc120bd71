package oolong.api.sched.vm;

/**
 * A class that cannot be run as a scheduling policy: malformed, or doing something the policy
 * sandbox does not allow. The message says what and where (method, source line, bytecode offset).
 */
public final class PolicyRejected extends RuntimeException {
    public PolicyRejected(String message) {
        super(message);
    }
}
