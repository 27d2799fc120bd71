package oolong.boot.teavm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class PatchedTeaVMLoaderTest {
    private static byte[] visitorBytes() throws Exception {
        try (InputStream in = PatchedTeaVMLoader.class.getClassLoader()
                .getResourceAsStream(PatchedTeaVMLoader.VISITOR.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Counts ICONST_1 / ICONST_M1 in visit(TryCatchStatement). */
    private static int[] constants(byte[] classFile) {
        int[] counts = new int[2];
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                if (!name.equals("visit") || !desc.equals("(Lorg/teavm/ast/TryCatchStatement;)V")) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitInsn(int opcode) {
                        if (opcode == Opcodes.ICONST_1) {
                            counts[0]++;
                        } else if (opcode == Opcodes.ICONST_M1) {
                            counts[1]++;
                        }
                    }
                };
            }
        }, 0);
        return counts;
    }

    @Test
    void patchChangesExactlyTheMergeCondition() throws Exception {
        byte[] original = visitorBytes();
        byte[] patched = PatchedTeaVMLoader.patch(original);
        int[] before = constants(original);
        int[] after = constants(patched);
        assertEquals(before[0] - 1, after[0], "one ICONST_1 replaced");
        assertEquals(before[1] + 1, after[1], "by one ICONST_M1");
        assertNotEquals(original.length, 0);
    }

    @Test
    void patchRefusesAClassWithoutTheExpectedShape() throws Exception {
        byte[] other;
        try (InputStream in = getClass().getResourceAsStream("PatchedTeaVMLoaderTest.class")) {
            other = in.readAllBytes();
        }
        assertThrows(IllegalStateException.class, () -> PatchedTeaVMLoader.patch(other));
    }

    @Test
    void loaderDefinesThePatchedVisitorItself() throws Exception {
        try (PatchedTeaVMLoader loader = PatchedTeaVMLoader.forClassPath()) {
            Class<?> visitor = loader.loadClass(PatchedTeaVMLoader.VISITOR);
            assertSame(loader, visitor.getClassLoader());
            Class<?> other = loader.loadClass("org.teavm.tooling.TeaVMTool");
            assertSame(loader, other.getClassLoader(), "TeaVM must come from the same loader (same runtime package)");
        }
    }
}
