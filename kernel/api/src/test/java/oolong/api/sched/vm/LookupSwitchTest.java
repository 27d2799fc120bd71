package oolong.api.sched.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The interpreter's lookupswitch (a binary search over the sorted keys, so that a switch of a
 * thousand sparse keys costs one cheap instruction) finds every key and sends everything else to
 * the default, at both ends of the int range too.
 */
class LookupSwitchTest {
    static final int KEYS = 600;

    static int key(int i) {
        return i == 0 ? Integer.MIN_VALUE : i == KEYS - 1 ? Integer.MAX_VALUE : (i - KEYS / 2) * 7919;
    }

    /** pick: global(1) = the index of the key equal to (int) global(0), or -1; returns 0. */
    static byte[] sparseSwitch() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V1_6, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "Sparse", null, "java/lang/Object",
                new String[] {PolicyVerifier.POLICY});
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor sw = cw.visitMethod(Opcodes.ACC_STATIC, "sw", "(I)I", null, null);
        sw.visitCode();
        int[] keys = new int[KEYS];
        Label[] labels = new Label[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = key(i);
            labels[i] = new Label();
        }
        Label dflt = new Label();
        sw.visitVarInsn(Opcodes.ILOAD, 0);
        sw.visitLookupSwitchInsn(dflt, keys, labels);
        for (int i = 0; i < KEYS; i++) {
            sw.visitLabel(labels[i]);
            sw.visitLdcInsn(i);
            sw.visitInsn(Opcodes.IRETURN);
        }
        sw.visitLabel(dflt);
        sw.visitInsn(Opcodes.ICONST_M1);
        sw.visitInsn(Opcodes.IRETURN);
        sw.visitMaxs(0, 0);
        sw.visitEnd();
        MethodVisitor pick = cw.visitMethod(Opcodes.ACC_PUBLIC, "pick", PolicyVerifier.PICK_DESCRIPTOR, null, null);
        pick.visitCode();
        pick.visitVarInsn(Opcodes.ALOAD, 1);
        pick.visitInsn(Opcodes.ICONST_1);
        pick.visitVarInsn(Opcodes.ALOAD, 1);
        pick.visitInsn(Opcodes.ICONST_0);
        pick.visitMethodInsn(Opcodes.INVOKEINTERFACE, PolicyVerifier.RUN_QUEUE, "global", "(I)J", true);
        pick.visitInsn(Opcodes.L2I);
        pick.visitMethodInsn(Opcodes.INVOKESTATIC, "Sparse", "sw", "(I)I", false);
        pick.visitInsn(Opcodes.I2L);
        pick.visitMethodInsn(Opcodes.INVOKEINTERFACE, PolicyVerifier.RUN_QUEUE, "setGlobal", "(IJ)V", true);
        pick.visitInsn(Opcodes.ICONST_0);
        pick.visitInsn(Opcodes.IRETURN);
        pick.visitMaxs(0, 0);
        pick.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    @Test
    void everyKeyIsFoundAndEveryOtherValueTakesTheDefault() {
        PolicyInterpreter p = new PolicyInterpreter(PolicyVerifier.verify(sparseSwitch()));
        SnapshotQueue q = new SnapshotQueue(1, 3);
        for (int i = 0; i < KEYS; i++) {
            q.global[0] = key(i);
            assertEquals(0, p.pick(q));
            assertEquals(i, q.global[1], "key " + key(i));
        }
        for (long miss : new long[] {1, -1, 7918, 7920, Integer.MIN_VALUE + 1, Integer.MAX_VALUE - 1, (KEYS / 2) * 7919L}) {
            q.global[0] = miss;
            p.pick(q);
            assertEquals(-1, q.global[1], "value " + miss);
        }
        assertTrue(p.lastInstructions() < 20, "a switch is one instruction: " + p.lastInstructions());
    }
}
