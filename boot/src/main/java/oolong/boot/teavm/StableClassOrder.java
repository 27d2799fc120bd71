package oolong.boot.teavm;

import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Makes TeaVM 0.16's C come out the same for the same classes, every run, by having it visit the
 * classes in name order wherever their order shapes the output.
 *
 * TeaVM lists a program's classes ({@code getClassNames()} of its class sources) in the order its
 * dependency analysis happened to reach them, which is not stable from one run to the next. Two
 * clean translations of the same classes then differed in
 * <ul>
 *   <li>the class tags, the numbers behind {@code instanceof} and casts ({@code tag < 1141}):
 *   {@code TagRegistry}'s constructor numbers the classes depth first, in that order;</li>
 *   <li>the call-site ids ({@code TEAVM_WITH_CALL_SITE_ID(18623, ...)}) and string-pool indices
 *   ({@code TEAVM_GET_STRING(6151)}), which {@code CTarget} hands out as it generates the classes
 *   one after the other, in that order.</li>
 * </ul>
 * So no build was reproducible byte for byte, and an edit recompiled translation units whose code
 * had not changed. The patch: after each call to {@code getClassNames()} in those two classes, the
 * set is replaced by a sorted copy ({@link #sorted}). Nothing else changes: the same classes get
 * the same code; only the numbering and the order of the generated declarations are fixed (the
 * three runtime classes that {@code main} initialises eagerly, {@code GC} first as before, then
 * {@code EventQueue} and {@code Fiber}, are independent of each other). The patch refuses to apply
 * if a class no longer has the expected number of such calls (a different TeaVM).
 */
public final class StableClassOrder {
    static final String TAG_REGISTRY = "org.teavm.model.classes.TagRegistry";
    static final String C_TARGET = "org.teavm.backend.c.CTarget";
    /** The patched classes, with how many calls to getClassNames() each has in TeaVM 0.16.0. */
    static final java.util.Map<String, Integer> PATCHED = java.util.Map.of(TAG_REGISTRY, 2, C_TARGET, 7);

    private StableClassOrder() {
    }

    /** The class names in their natural order (called by the patched classes). */
    public static Set<String> sorted(Set<String> classNames) {
        return new TreeSet<>(classNames);
    }

    /** Applies the patch to one of the {@link #PATCHED} classes' class file; fails loudly on a different TeaVM. */
    static byte[] patch(String className, byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        int[] patches = {0};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                return new MethodVisitor(Opcodes.ASM9, mv) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        super.visitMethodInsn(opcode, owner, method, desc, itf);
                        if ((owner.equals("org/teavm/model/ListableClassReaderSource")
                                || owner.equals("org/teavm/model/ListableClassHolderSource")) && method.equals("getClassNames")
                                && desc.equals("()Ljava/util/Set;")) {
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, StableClassOrder.class.getName().replace('.', '/'),
                                    "sorted", "(Ljava/util/Set;)Ljava/util/Set;", false);
                            patches[0]++;
                        }
                    }
                };
            }
        }, 0);
        int expected = PATCHED.getOrDefault(className, -1);
        if (patches[0] != expected) {
            throw new IllegalStateException("cannot sort " + className + "'s class order: expected " + expected
                    + " calls to getClassNames(), found " + patches[0] + "; the TeaVM version changed, re-check StableClassOrder");
        }
        return writer.toByteArray();
    }
}
