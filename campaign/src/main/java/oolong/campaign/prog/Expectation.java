package oolong.campaign.prog;

import oolong.campaign.model.Result;

/**
 * What a reproducer checks at its failing step, so that it exits 2 while the bug is there and 0
 * once it is gone: the kernel's invariant check, the leak report at the end, the result of the
 * step itself or of a blocked operation it finished, the state of a process, or that the step
 * does not bring the kernel down (a panic, an exception, no answer).
 */
public sealed interface Expectation {
    /** k.check() after the step (its first violation, for the comment). */
    record Check(String violation) implements Expectation {
    }

    /** The leak report at the end (the first leak). */
    record Leak(String leak) implements Expectation {
    }

    /** The step's own result, as the seed's semantics give it. */
    record Self(Result expected) implements Expectation {
    }

    /** The blocked operation of a puppet, finished by this step. */
    record Completion(String actor, Result expected) implements Expectation {
    }

    /** A process's state and exit code after the step ("TOREAP 7", "WAITS4REQUEST null", or "gone"). */
    record State(String process, String expected) implements Expectation {
    }

    /** The step runs without the kernel panicking, faulting or going silent. */
    record Survives(String what) implements Expectation {
    }
}
