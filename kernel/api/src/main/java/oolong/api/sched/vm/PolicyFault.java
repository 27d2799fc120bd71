package oolong.api.sched.vm;

/**
 * A verified policy went wrong while deciding: it used up its instruction budget, recursed too
 * deeply, divided by zero or passed a bad argument to the run queue. The scheduler drops the policy
 * and restores the previous one; the message says where (method, source line, bytecode offset).
 */
public final class PolicyFault extends RuntimeException {
    public PolicyFault(String message) {
        super(message);
    }
}
