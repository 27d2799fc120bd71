package oolong.boot.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What other sources can see of the classes compiled from some source files: for each class
 * (the top-level one and its nested ones) its flags, super class, interfaces, permitted
 * subclasses and record components, and its non-private fields (with constant values, which
 * javac copies into the code that reads them) and methods, in declaration order (an enum's
 * constants' order is their ordinals). Method bodies and private members are left out: a change
 * there compiles no other source differently.
 */
final class ClassInterface {
    private ClassInterface() {
    }

    /** The interface of the classes compiled from these sources (paths relative to the source root). */
    static String of(Path classes, List<String> sources) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String source : sources) {
            String base = source.substring(0, source.length() - ".java".length());
            Path dir = classes.resolve(base).getParent();
            String name = classes.resolve(base).getFileName().toString();
            if (dir == null || !Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                for (Path cls : s.filter(p -> {
                    String f = p.getFileName().toString();
                    return f.equals(name + ".class") || (f.startsWith(name + "$") && f.endsWith(".class"));
                }).sorted().toList()) {
                    describe(Files.readAllBytes(cls), text);
                }
            }
        }
        return text.toString();
    }

    private static void describe(byte[] classFile, StringBuilder text) {
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                text.append("class ").append(access).append(' ').append(name).append(' ').append(signature)
                        .append(" extends ").append(superName).append(" implements ").append(String.join(",", interfaces)).append('\n');
            }

            @Override
            public void visitPermittedSubclass(String permitted) {
                text.append("  permits ").append(permitted).append('\n');
            }

            @Override
            public void visitInnerClass(String name, String outer, String inner, int access) {
                text.append("  inner ").append(name).append(' ').append(access).append('\n');
            }

            @Override
            public org.objectweb.asm.RecordComponentVisitor visitRecordComponent(String name, String descriptor, String signature) {
                text.append("  component ").append(name).append(' ').append(descriptor).append('\n');
                return null;
            }

            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                if ((access & Opcodes.ACC_PRIVATE) == 0) {
                    text.append("  field ").append(access).append(' ').append(name).append(' ').append(descriptor)
                            .append(' ').append(signature).append(" = ").append(value).append('\n');
                }
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                if ((access & Opcodes.ACC_PRIVATE) == 0) {
                    text.append("  method ").append(access).append(' ').append(name).append(descriptor).append(' ')
                            .append(signature).append('\n');
                }
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    }
}
