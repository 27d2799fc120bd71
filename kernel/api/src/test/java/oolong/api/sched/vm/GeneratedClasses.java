package oolong.api.sched.vm;

import java.util.Arrays;
import java.util.function.Consumer;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Policy class files built with ASM: shapes javac would never write, for the verifier's tests. */
final class GeneratedClasses {
    private GeneratedClasses() {
    }

    /** A policy class whose pick method has the given code (maxs computed unless computeMaxs is false). */
    static byte[] policy(Consumer<MethodVisitor> pickCode, boolean computeMaxs) {
        ClassWriter cw = new ClassWriter(computeMaxs ? ClassWriter.COMPUTE_MAXS : 0);
        header(cw);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "pick", PolicyVerifier.PICK_DESCRIPTOR, null, null);
        mv.visitCode();
        pickCode.accept(mv);
        if (computeMaxs) {
            mv.visitMaxs(0, 0);
        }
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** The class Gen implementing Policy, with javac's default constructor. */
    static void header(ClassWriter cw) {
        cw.visit(Opcodes.V1_6, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "Gen", null, "java/lang/Object",
                new String[] {PolicyVerifier.POLICY});
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(1, 1);
        init.visitEnd();
    }

    /** iconst_0; ifeq +offset; iconst_1; ireturn; iconst_0; ireturn — with the branch offset replaced. */
    static byte[] patchBranch(int offset) {
        byte[] b = policy(mv -> {
            Label l = new Label();
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitJumpInsn(Opcodes.IFEQ, l);
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitInsn(Opcodes.IRETURN);
            mv.visitLabel(l);
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitInsn(Opcodes.IRETURN);
        }, true);
        byte[] pattern = {0x03, (byte) 0x99, 0x00, 0x05, 0x04, (byte) 0xac};
        for (int i = 0; i + pattern.length <= b.length; i++) {
            if (Arrays.equals(Arrays.copyOfRange(b, i, i + pattern.length), pattern)) {
                b[i + 3] = (byte) offset;
                return b;
            }
        }
        throw new IllegalStateException("branch not found");
    }

    static byte[] withClinit() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        header(cw);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        mv.visitCode();
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "pick", PolicyVerifier.PICK_DESCRIPTOR, null, null);
        mv.visitCode();
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        return cw.toByteArray();
    }

    /** JVMS 4.6: no two methods of a class may have the same name and descriptor; javac never writes this. */
    static byte[] withTwoPicks() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        header(cw);
        for (int answer = 0; answer < 2; answer++) {
            MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "pick", PolicyVerifier.PICK_DESCRIPTOR, null, null);
            mv.visitCode();
            mv.visitInsn(answer == 0 ? Opcodes.ICONST_0 : Opcodes.ICONST_1);
            mv.visitInsn(Opcodes.IRETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }
        return cw.toByteArray();
    }

    /** JVMS 4.5: the same for fields (here two compile-time constants, which are otherwise allowed). */
    static byte[] withTwoConstants() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        header(cw);
        for (long value = 1; value <= 2; value++) {
            cw.visitField(Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, "K", "J", null, value).visitEnd();
        }
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "pick", PolicyVerifier.PICK_DESCRIPTOR, null, null);
        mv.visitCode();
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        return cw.toByteArray();
    }

    static byte[] withNative() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        header(cw);
        cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_NATIVE, "pick", PolicyVerifier.PICK_DESCRIPTOR, null, null).visitEnd();
        return cw.toByteArray();
    }

    /**
     * A class file scrambled from the second constant-pool byte on (every third byte b becomes
     * b * 31 + 7): garbage with a valid header, so the parser must refuse what it finds in the pool.
     */
    static byte[] scrambled(byte[] classFile) {
        byte[] garbage = classFile.clone();
        for (int i = 10; i < garbage.length; i += 3) {
            garbage[i] = (byte) (garbage[i] * 31 + 7);
        }
        return garbage;
    }
}
