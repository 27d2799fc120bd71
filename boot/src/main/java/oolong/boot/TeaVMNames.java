package oolong.boot;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.teavm.model.ClassReader;
import org.teavm.model.ClassReaderSource;
import org.teavm.model.FieldReader;
import org.teavm.model.FieldReference;
import org.teavm.model.MethodReference;
import org.teavm.model.ValueType;
import org.teavm.tooling.TeaVMTool;

/**
 * Part of the debug information (docs/introspection.md): which C name TeaVM gave every Java
 * method, class, field and static field of an image, with the Java types of the fields.
 *
 * TeaVM keeps these names in its C target's name provider ({@code LowLevelNameProvider}'s
 * maps) and does not write them out; the build reads them from there once TeaVM has generated
 * the C, and writes {@code names.tsv} beside the C. Overloads get numeric suffixes in the order
 * TeaVM happened to ask for them, so the names cannot be derived afterwards: they must come from
 * TeaVM itself. Read through reflection, because TeaVM has no API for it; a TeaVM without those
 * fields fails the build with a message saying so.
 *
 * <pre>
 *   method  C-NAME  CLASS  NAME  DESCRIPTOR
 *   class   CLASS   C-NAME  VTABLE-SYMBOL  SUPERCLASS
 *   field   CLASS   NAME  TYPE-DESCRIPTOR  C-MEMBER
 *   static  CLASS   NAME  TYPE-DESCRIPTOR  C-SYMBOL
 *   lines   CLASS   NAME  DESCRIPTOR  SOURCE-FILE  FIRST-LINE  LAST-LINE
 * </pre>
 *
 * The {@code lines} records come from the class files' line tables (Oolong's own classes; TeaVM
 * replaces the JDK's). TeaVM inlines small methods into their callers before it writes C, so a C
 * function's code can belong to several Java methods; its {@code #line} directives still name the
 * Java line, and these ranges turn a line back into the method it is in.
 */
final class TeaVMNames {
    static final String FILE = "names.tsv";

    private TeaVMNames() {
    }

    /** Writes the names of the program TeaVM just generated to {@code dir/names.tsv}. */
    static void export(TeaVMTool tool, Path dir) throws IOException {
        Object provider = field(field(tool, "cTarget"), "rawNameProvider");
        Map<MethodReference, String> methods = map(provider, "methodNames");
        Map<String, String> classes = map(provider, "classNames");
        Map<ValueType, String> classInstances = map(provider, "classInstanceNames");
        Map<FieldReference, String> members = map(provider, "memberFieldNames");
        Map<FieldReference, String> statics = map(provider, "staticFieldNames");
        ClassReaderSource source = tool.getDependencyInfo().getClassSource();

        List<String> lines = new ArrayList<>();
        lines.add("# oolong names v1: TeaVM's C names of the Java program (oolong.boot.TeaVMNames)");
        for (Map.Entry<String, MethodReference> e : invert(methods).entrySet()) {
            MethodReference m = e.getValue();
            lines.add(String.join("\t", "method", e.getKey(), m.getClassName(), m.getName(),
                    m.getDescriptor().signatureToString()));
        }
        /* classes with a structure, and every type with a class record (interfaces, arrays, primitives) */
        TreeMap<String, String> vtables = new TreeMap<>();
        for (Map.Entry<ValueType, String> e : classInstances.entrySet()) {
            vtables.put(javaName(e.getKey()), e.getValue());
        }
        TreeMap<String, String> structs = new TreeMap<>(classes);
        for (String name : vtables.keySet()) {
            structs.putIfAbsent(name, "-");
        }
        for (Map.Entry<String, String> e : structs.entrySet()) {
            String vtable = vtables.get(e.getKey());
            String parent = e.getKey().endsWith("[]") ? "java.lang.Object" : null;
            ClassReader cls = e.getKey().contains(".") && !e.getKey().endsWith("[]") ? source.get(e.getKey()) : null;
            if (cls != null) {
                parent = cls.getParent();
            }
            lines.add(String.join("\t", "class", e.getKey(), e.getValue(), vtable == null ? "-" : vtable,
                    parent == null ? "-" : parent));
        }
        for (Map.Entry<FieldReference, String> e : sorted(members).entrySet()) {
            lines.add(String.join("\t", "field", e.getKey().getClassName(), e.getKey().getFieldName(),
                    type(source, e.getKey()), e.getValue()));
        }
        for (Map.Entry<FieldReference, String> e : sorted(statics).entrySet()) {
            lines.add(String.join("\t", "static", e.getKey().getClassName(), e.getKey().getFieldName(),
                    type(source, e.getKey()), e.getValue()));
        }
        /* every class TeaVM used: a method it inlined everywhere lives on only in its lines */
        java.util.TreeSet<String> withCode = new java.util.TreeSet<>(classes.keySet());
        withCode.addAll(tool.getClasses());
        for (MethodReference m : methods.keySet()) {
            withCode.add(m.getClassName());
        }
        for (String className : withCode) {
            if (className.contains(".") && !className.startsWith("java.") && !className.startsWith("javax.")
                    && !className.startsWith("org.teavm.")) {
                lineRanges(tool.getClassLoader(), className, lines);
            }
        }
        Files.write(dir.resolve(FILE), lines);
    }

    /** One {@code lines} record per method of a class that has a line table. */
    private static void lineRanges(ClassLoader loader, String className, List<String> out) throws IOException {
        byte[] bytes;
        try (InputStream in = loader.getResourceAsStream(className.replace('.', '/') + ".class")) {
            if (in == null) {
                return;
            }
            bytes = in.readAllBytes();
        }
        String pkg = className.lastIndexOf('.') < 0 ? "" : className.substring(0, className.lastIndexOf('.') + 1);
        String[] source = {null};
        new org.objectweb.asm.ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visitSource(String file, String debug) {
                source[0] = file;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    private int first = Integer.MAX_VALUE;
                    private int last = -1;

                    @Override
                    public void visitLineNumber(int line, Label start) {
                        first = Math.min(first, line);
                        last = Math.max(last, line);
                    }

                    @Override
                    public void visitEnd() {
                        if (last >= 0 && source[0] != null) {
                            out.add(String.join("\t", "lines", className, name, descriptor,
                                    pkg.replace('.', '/') + source[0], Integer.toString(first), Integer.toString(last)));
                        }
                    }
                };
            }
        }, org.objectweb.asm.ClassReader.SKIP_FRAMES);
    }

    /** A type as Java writes it: "oolong.kernel.proc.Process", "int", "long[]", "java.lang.Object[][]". */
    static String javaName(ValueType t) {
        if (t instanceof ValueType.Object o) {
            return o.getClassName();
        }
        if (t instanceof ValueType.Array a) {
            return javaName(a.getItemType()) + "[]";
        }
        return switch (t.toString()) {
            case "Z" -> "boolean";
            case "B" -> "byte";
            case "C" -> "char";
            case "S" -> "short";
            case "I" -> "int";
            case "J" -> "long";
            case "F" -> "float";
            case "D" -> "double";
            case "V" -> "void";
            default -> t.toString();
        };
    }

    /** A field's type descriptor ("I", "Ljava/lang/String;"), or "?" when TeaVM has no reader for it. */
    private static String type(ClassReaderSource source, FieldReference ref) {
        FieldReader f = source.resolve(ref);
        if (f == null) {
            return "?";
        }
        return f.getType().toString();
    }

    private static <K> TreeMap<String, K> invert(Map<K, String> m) {
        TreeMap<String, K> out = new TreeMap<>();
        for (Map.Entry<K, String> e : m.entrySet()) {
            out.put(e.getValue(), e.getKey());
        }
        return out;
    }

    private static TreeMap<FieldReference, String> sorted(Map<FieldReference, String> m) {
        TreeMap<FieldReference, String> out = new TreeMap<>((a, b) -> {
            int c = a.getClassName().compareTo(b.getClassName());
            return c != 0 ? c : a.getFieldName().compareTo(b.getFieldName());
        });
        out.putAll(m);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <K, V> Map<K, V> map(Object owner, String name) {
        return (Map<K, V>) field(owner, name);
    }

    private static Object field(Object owner, String name) {
        for (Class<?> c = owner.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                Object value = f.get(owner);
                if (value == null) {
                    throw new BuildException("TeaVM's " + c.getSimpleName() + "." + name + " is null: cannot export names");
                }
                return value;
            } catch (NoSuchFieldException e) {
                /* look in the superclass */
            } catch (IllegalAccessException e) {
                throw new BuildException("cannot read TeaVM's " + name + ": " + e.getMessage());
            }
        }
        throw new BuildException("TeaVM has no field " + name + " in " + owner.getClass().getName()
                + ": the TeaVM version changed; re-check oolong.boot.TeaVMNames");
    }
}
