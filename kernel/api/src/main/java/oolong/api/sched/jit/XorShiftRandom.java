package oolong.api.sched.jit;

/**
 * A run queue whose {@code random(bound)} is the kernel's xorshift64 generator — the state
 * advanced by {@code s ^= s << 13; s ^= s >>> 7; s ^= s << 17}, the draw
 * {@code Long.remainderUnsigned(s, bound)} — and which lends its state to compiled code: the
 * code then draws inline from a copy in the context and {@link CompiledPolicy} hands the state
 * back after the decision, so the draws are the ones the run queue would have made, without a
 * call-out each. A run queue that is not one (a test's snapshot) is asked through the call-out.
 */
public interface XorShiftRandom {
    long randomState();

    void setRandomState(long state);
}
