package oolong.boot.teavm;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Loads TeaVM (and the image pipeline that drives it) with one fix applied to TeaVM 0.16.0's
 * C code generator, and its classes visited in a stable order ({@link StableClassOrder}).
 *
 * The bug: when a try block's whole body is another try block, the generator merges the two
 * into one {@code TEAVM_TRY} with both handlers as cases of one switch. An exception thrown
 * inside the inner handler must go to the outer handler, but the merged form has already left
 * the try, so it escapes the method instead (and TeaVM's analysis, which models Java correctly,
 * then drops metadata such as the class name). Example:
 * {@code try { try { f(); } catch (A a) { throw new B(); } } catch (B b) { ... }} lets B escape.
 *
 * The fix disables the merge: the loop in {@code CodeGenerationVisitor.visit(TryCatchStatement)}
 * that collects nested try statements starts with {@code if (body.size() != 1) break;}; the
 * constant 1 becomes -1, so every try statement gets its own, correctly nested {@code TEAVM_TRY}.
 * The kernel self-test checks the behaviour ("exceptions: causes, rethrow ...").
 */
public final class PatchedTeaVMLoader extends URLClassLoader {
    static final String VISITOR = "org.teavm.backend.c.generate.CodeGenerationVisitor";
    private static final String TRY_CATCH_STATEMENT = "org/teavm/ast/TryCatchStatement";

    private PatchedTeaVMLoader(URL[] urls) {
        super("oolong-teavm", urls, ClassLoader.getPlatformClassLoader());
    }

    /** A loader over this JVM's class path that loads everything itself (so the patched class is the one used). */
    public static PatchedTeaVMLoader forClassPath() {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            try {
                urls.add(new File(entry).toURI().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(entry, e);
            }
        }
        return new PatchedTeaVMLoader(urls.toArray(new URL[0]));
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (!name.equals(VISITOR) && !StableClassOrder.PATCHED.containsKey(name)) {
            return super.findClass(name);
        }
        try (InputStream in = getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            byte[] original = in.readAllBytes();
            byte[] patched = name.equals(VISITOR) ? patch(original) : StableClassOrder.patch(name, original);
            return defineClass(name, patched, 0, patched.length);
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }

    /** Applies the fix; fails loudly if the code no longer has the expected shape (a different TeaVM). */
    static byte[] patch(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        int[] patches = {0};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!name.equals("visit") || !descriptor.equals("(L" + TRY_CATCH_STATEMENT + ";)V")) {
                    return mv;
                }
                return new MethodVisitor(Opcodes.ASM9, mv) {
                    private int state;   /* 0: looking; 1: saw getProtectedBody; 2: saw size(); 3: done */

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        if (state == 0 && owner.equals(TRY_CATCH_STATEMENT) && method.equals("getProtectedBody")) {
                            state = 1;
                        } else if (state == 1 && method.equals("size") && owner.equals("java/util/List")) {
                            state = 2;
                        } else if (state < 3) {
                            state = 0;
                        }
                        super.visitMethodInsn(opcode, owner, method, desc, itf);
                    }

                    @Override
                    public void visitInsn(int opcode) {
                        if (state == 2 && opcode == Opcodes.ICONST_1) {
                            state = 3;
                            patches[0]++;
                            super.visitInsn(Opcodes.ICONST_M1);
                            return;
                        }
                        if (state < 3) {
                            state = 0;
                        }
                        super.visitInsn(opcode);
                    }
                };
            }
        }, 0);
        if (patches[0] != 1) {
            throw new IllegalStateException("cannot apply the try-catch fix to " + VISITOR
                    + ": the TeaVM version changed; re-check PatchedTeaVMLoader");
        }
        return writer.toByteArray();
    }
}
