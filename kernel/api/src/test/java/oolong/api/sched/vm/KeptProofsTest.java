package oolong.api.sched.vm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import oolong.api.sched.jit.PolicyCompiler;
import org.junit.jupiter.api.Test;

/**
 * The kernel's install verifies a class and compiles it at once: verification keeps the proofs it
 * derived for the compiler (instead of the compiler deriving them all again), the code is the
 * same either way, and dropping them afterwards leaves a policy that derives them on demand.
 */
class KeptProofsTest {
    @Test
    void keptProofsAreReusedUntilDroppedAndCompileToTheSameCode() {
        byte[] bytes = ClassBytes.of(GoodPolicies.Recursive.class);
        VerifiedPolicy kept = PolicyVerifier.verify(bytes, ExtensionKind.POLICY, true);
        VerifiedPolicy plain = PolicyVerifier.verify(bytes);
        int pick = kept.pick;
        assertSame(kept.proof(pick), kept.proof(pick), "the proof verification derived, not a new one");
        assertNotSame(plain.proof(pick), plain.proof(pick), "without kept proofs each is derived again");
        assertArrayEquals(PolicyCompiler.compile(plain).bytes(), PolicyCompiler.compile(kept).bytes());
        kept.dropProofs();
        assertNotSame(kept.proof(pick), kept.proof(pick), "dropped: derived on demand again");
    }
}
