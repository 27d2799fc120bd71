package oolong.api.sched.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import oolong.api.sched.Policy;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;

/**
 * What the data-flow check proves, read back as a later consumer (a compiler) would: the types
 * in every local and stack entry on entry to each instruction, the stack depths, the branch
 * targets, and what is never reached.
 */
class MethodProofTest {

    private static MethodProof proofOfPick(byte[] classFile) {
        VerifiedPolicy v = PolicyVerifier.verify(classFile);
        return v.proof(v.pick);
    }

    /**
     * <pre>
     *  0 lconst_1        5 L: iload 4      13 goto L
     *  1 lstore_2        7 ifne M          16 M: lload_2
     *  2 iconst_0       10 iinc 4 1        17 l2i
     *  3 istore 4                          18 ireturn
     * </pre>
     */
    @Test
    void aLoopIsProvedInstructionByInstruction() {
        MethodProof p = proofOfPick(GeneratedClasses.policy(mv -> {
            Label loop = new Label();
            Label done = new Label();
            mv.visitInsn(Opcodes.LCONST_1);
            mv.visitVarInsn(Opcodes.LSTORE, 2);
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitVarInsn(Opcodes.ISTORE, 4);
            mv.visitLabel(loop);
            mv.visitVarInsn(Opcodes.ILOAD, 4);
            mv.visitJumpInsn(Opcodes.IFNE, done);
            mv.visitIincInsn(4, 1);
            mv.visitJumpInsn(Opcodes.GOTO, loop);
            mv.visitLabel(done);
            mv.visitVarInsn(Opcodes.LLOAD, 2);
            mv.visitInsn(Opcodes.L2I);
            mv.visitInsn(Opcodes.IRETURN);
        }, true));
        assertEquals(19, p.codeLength());
        assertEquals(5, p.maxLocals());
        assertEquals(2, p.maxStack());
        assertEquals("locals [this, queue, top, top, top] stack []", p.describe(0));
        assertEquals("locals [this, queue, top, top, top] stack [long, long2]", p.describe(1));
        assertEquals("locals [this, queue, long, long2, top] stack [int]", p.describe(3));
        assertEquals("locals [this, queue, long, long2, int] stack []", p.describe(5));
        assertEquals("locals [this, queue, long, long2, int] stack [int]", p.describe(7));
        assertEquals("locals [this, queue, long, long2, int] stack []", p.describe(16));
        assertEquals("locals [this, queue, long, long2, int] stack [long, long2]", p.describe(17));
        assertEquals(Types.INT, p.stack(18, 0));
        assertEquals(Types.LONG, p.local(18, 2));
        assertEquals(1, p.stackDepth(18));
        boolean[] targets = new boolean[19];
        targets[5] = true;
        targets[16] = true;
        for (int pc = 0; pc < 19; pc++) {
            assertEquals(targets[pc], p.isBranchTarget(pc), "branch target " + pc);
        }
        int[] starts = {0, 1, 2, 3, 5, 7, 10, 13, 16, 17, 18};
        int n = 0;
        for (int pc = 0; pc < 19; pc++) {
            boolean start = n < starts.length && starts[n] == pc;
            assertEquals(start, p.isInstruction(pc), "instruction at " + pc);
            assertEquals(start, p.isReached(pc), "reached " + pc);
            n += start ? 1 : 0;
        }
        assertThrows(IndexOutOfBoundsException.class, () -> p.stack(18, 1));
    }

    /** An int on one path and a long on the other: the local holds nothing usable where they meet. */
    @Test
    void pathsThatDisagreeLeaveALocalUnusable() {
        Label other = new Label();
        Label join = new Label();
        MethodProof p = proofOfPick(GeneratedClasses.policy(mv -> {
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, PolicyVerifier.RUN_QUEUE, "size", "()I", true);
            mv.visitJumpInsn(Opcodes.IFEQ, other);
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitVarInsn(Opcodes.ISTORE, 2);
            mv.visitJumpInsn(Opcodes.GOTO, join);
            mv.visitLabel(other);
            mv.visitInsn(Opcodes.LCONST_0);
            mv.visitVarInsn(Opcodes.LSTORE, 2);
            mv.visitLabel(join);
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitInsn(Opcodes.IRETURN);
        }, true));
        int joinPc = p.codeLength() - 2;
        assertTrue(p.isBranchTarget(joinPc));
        assertEquals("locals [this, queue, top, top] stack []", p.describe(joinPc));
    }

    @Test
    void deadCodeIsAnInstructionButNotReached() {
        MethodProof p = proofOfPick(GeneratedClasses.policy(mv -> {
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitInsn(Opcodes.IRETURN);
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitInsn(Opcodes.IRETURN);
        }, true));
        assertTrue(p.isInstruction(2));
        assertFalse(p.isReached(2));
        assertEquals(-1, p.stackDepth(2));
        assertEquals("not reached", p.describe(2));
    }

    /** Every method of every good policy: depths within max_stack, longs whole, and the same proof every time. */
    @Test
    void proofsOfTheGoodPoliciesAreConsistent() {
        for (Class<? extends Policy> c : GoodPoliciesTest.POLICIES) {
            VerifiedPolicy v = PolicyVerifier.verify(ClassBytes.of(c));
            for (int mi = 0; mi < v.methodCount(); mi++) {
                if (v.classFile.methods[mi].name.equals("<init>")) {
                    continue;
                }
                MethodProof p = v.proof(mi);
                MethodProof again = v.proof(mi);
                assertTrue(p.isReached(0), c.getSimpleName() + ": the entry is reached");
                for (int pc = 0; pc < p.codeLength(); pc++) {
                    assertEquals(p.describe(pc), again.describe(pc));
                    if (!p.isReached(pc)) {
                        continue;
                    }
                    int depth = p.stackDepth(pc);
                    assertTrue(depth <= p.maxStack(), c.getSimpleName() + " at " + pc);
                    for (int i = 0; i < depth; i++) {
                        if (p.stack(pc, i) == Types.LONG) {
                            assertEquals(Types.LONG2, p.stack(pc, i + 1), c.getSimpleName() + " at " + pc);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theConstructorHasNoDataFlowProof() {
        VerifiedPolicy v = PolicyVerifier.verify(ClassBytes.of(GoodPolicies.Fair.class));
        for (int mi = 0; mi < v.methodCount(); mi++) {
            if (v.classFile.methods[mi].name.equals("<init>")) {
                int constructor = mi;
                assertThrows(IllegalArgumentException.class, () -> v.proof(constructor));
            }
        }
    }
}
