package oolong.introspect.debug;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image's debug information, as the build writes it beside the image ({@code kernel.debug},
 * {@code user.debug}; docs/introspection.md): TeaVM's C name of every Java method, class, field
 * and static field, and the layout gcc gave every structure. One record per line, tab-separated:
 *
 * <pre>
 *   method  C-FUNCTION  CLASS  NAME  DESCRIPTOR
 *   class   CLASS  C-STRUCT  VTABLE-SYMBOL  SUPERCLASS          ("-" when there is none; CLASS may be
 *                                                                 an interface, "int", "long[]", ...)
 *   field   CLASS  NAME  TYPE-DESCRIPTOR  C-MEMBER
 *   static  CLASS  NAME  TYPE-DESCRIPTOR  C-SYMBOL
 *   struct  C-STRUCT  SIZE
 *   member  C-STRUCT  C-MEMBER  OFFSET  SIZE
 *   lines   CLASS  NAME  DESCRIPTOR  SOURCE-FILE  FIRST-LINE  LAST-LINE
 * </pre>
 */
public final class DebugInfo {
    private final Map<String, JavaMethod> methodsByC = new HashMap<>();
    private final Map<String, List<String>> cByShortName = new HashMap<>();
    private final Map<String, String[]> classes = new LinkedHashMap<>();
    private final Map<String, String> classByVtable = new HashMap<>();
    private final Map<String, List<String[]>> fieldsByClass = new HashMap<>();
    private final Map<String, Map<String, String[]>> staticsByClass = new HashMap<>();
    private final Map<String, Long> structSizes = new HashMap<>();
    private final Map<String, Map<String, StructLayout.Member>> members = new HashMap<>();
    private final Map<String, ClassLayout> layouts = new HashMap<>();
    private final Map<String, List<LineRange>> linesByFile = new HashMap<>();

    /** The source lines one Java method spans. */
    private record LineRange(JavaMethod method, int first, int last) {
    }

    private DebugInfo() {
    }

    public static DebugInfo read(Path file) throws IOException {
        return parse(Files.readAllLines(file));
    }

    public static DebugInfo parse(List<String> lines) {
        DebugInfo d = new DebugInfo();
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            try {
                switch (f[0]) {
                    case "method" -> {
                        JavaMethod m = new JavaMethod(f[2], f[3], f[4]);
                        d.methodsByC.put(f[1], m);
                        d.cByShortName.computeIfAbsent(m.className() + "." + m.name(), k -> new ArrayList<>()).add(f[1]);
                    }
                    case "class" -> {
                        d.classes.put(f[1], f);
                        if (!f[3].equals("-")) {
                            d.classByVtable.put(f[3], f[1]);
                        }
                    }
                    case "field" -> d.fieldsByClass.computeIfAbsent(f[1], k -> new ArrayList<>()).add(f);
                    case "static" -> d.staticsByClass.computeIfAbsent(f[1], k -> new LinkedHashMap<>()).put(f[2], f);
                    case "struct" -> d.structSizes.put(f[1], Long.parseLong(f[2]));
                    case "member" -> d.members.computeIfAbsent(f[1], k -> new LinkedHashMap<>())
                            .put(f[2], new StructLayout.Member(f[2], Long.parseLong(f[3]), Long.parseLong(f[4])));
                    case "lines" -> d.linesByFile.computeIfAbsent(f[4], k -> new ArrayList<>())
                            .add(new LineRange(new JavaMethod(f[1], f[2], f[3]), Integer.parseInt(f[5]), Integer.parseInt(f[6])));
                    default -> throw new IllegalArgumentException("unknown record " + f[0]);
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("debug info line " + n + " is malformed (" + e.getMessage() + "): "
                        + line, e);
            }
        }
        return d;
    }

    /**
     * The Java method a source line belongs to: {@code file} as the debug line tables name it
     * ("oolong/kernel/fault/KernelSpin.java", or any path ending so). When ranges nest (a lambda
     * inside its method), the innermost.
     */
    public Optional<JavaMethod> methodAtLine(String file, int line) {
        List<LineRange> ranges = linesByFile.get(file);
        if (ranges == null) {
            for (Map.Entry<String, List<LineRange>> e : linesByFile.entrySet()) {
                if (file.endsWith("/" + e.getKey())) {
                    ranges = e.getValue();
                    break;
                }
            }
        }
        LineRange best = null;
        for (LineRange r : ranges == null ? List.<LineRange>of() : ranges) {
            if (line >= r.first() && line <= r.last() && (best == null || r.last() - r.first() < best.last() - best.first())) {
                best = r;
            }
        }
        return Optional.ofNullable(best).map(LineRange::method);
    }

    /** The Java method a C function of the image implements, if it is one. */
    public Optional<JavaMethod> method(String cFunction) {
        return Optional.ofNullable(methodsByC.get(cFunction));
    }

    public Collection<JavaMethod> methods() {
        return Collections.unmodifiableCollection(methodsByC.values());
    }

    /**
     * The C functions of a Java method given as {@code Class.method} with the class fully
     * qualified ({@code oolong.kernel.proc.Processes.kill}) or simple ({@code Processes.kill});
     * several when the method is overloaded or the simple name is ambiguous.
     */
    public List<String> cFunctions(String javaName) {
        List<String> exact = cByShortName.get(javaName);
        if (exact != null) {
            return List.copyOf(exact);
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : cByShortName.entrySet()) {
            String full = e.getKey();
            if (full.endsWith("." + javaName) || full.endsWith("$" + javaName)) {
                out.addAll(e.getValue());
            }
        }
        Collections.sort(out);
        return out;
    }

    /** The C name of a Java method with this exact descriptor, if the image has it. */
    public Optional<String> cFunction(JavaMethod m) {
        for (String c : cByShortName.getOrDefault(m.className() + "." + m.name(), List.of())) {
            if (methodsByC.get(c).descriptor().equals(m.descriptor())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The Java class whose class record is this symbol ("okp_Process_Cls"), if any. */
    public Optional<String> classOfVtable(String symbol) {
        return Optional.ofNullable(classByVtable.get(symbol));
    }

    public boolean hasClass(String className) {
        return classes.containsKey(className);
    }

    /** A class's layout (its own fields; {@link #field} and {@link #allFields} follow superclasses). */
    public ClassLayout classLayout(String className) {
        ClassLayout l = layouts.get(className);
        if (l != null) {
            return l;
        }
        String[] c = classes.get(className);
        if (c == null) {
            throw new IllegalArgumentException("the image has no class " + className);
        }
        String struct = c[2];      /* "-": no structure of its own (an interface, an array, a primitive) */
        long size = structSizes.getOrDefault(struct, -1L);
        List<FieldLayout> own = new ArrayList<>();
        Map<String, StructLayout.Member> m = members.getOrDefault(struct, Map.of());
        for (String[] f : fieldsByClass.getOrDefault(className, List.of())) {
            StructLayout.Member member = m.get(f[4]);
            if (member != null) {     /* a field the code names but the structure dropped is not in memory */
                own.add(new FieldLayout(className, f[2], f[3], member.offset(), member.size()));
            }
        }
        own.sort((a, b) -> Long.compare(a.offset(), b.offset()));
        l = new ClassLayout(className, struct, c[3].equals("-") ? null : c[3], c[4].equals("-") ? null : c[4], size,
                List.copyOf(own));
        layouts.put(className, l);
        return l;
    }

    /** Every instance field of a class, inherited ones first, in memory order. */
    public List<FieldLayout> allFields(String className) {
        List<FieldLayout> out = new ArrayList<>();
        List<String> chain = new ArrayList<>();
        for (String c = className; c != null && classes.containsKey(c); c = classLayout(c).superclass()) {
            chain.add(0, c);
        }
        for (String c : chain) {
            out.addAll(classLayout(c).fields());
        }
        return out;
    }

    /** An instance field, looked up in the class and then its superclasses. */
    public FieldLayout field(String className, String fieldName) {
        for (String c = className; c != null && classes.containsKey(c); c = classLayout(c).superclass()) {
            for (FieldLayout f : classLayout(c).fields()) {
                if (f.name().equals(fieldName)) {
                    return f;
                }
            }
        }
        throw new IllegalArgumentException(className + " has no field " + fieldName + " in the image (fields: "
                + allFields(className).stream().map(FieldLayout::name).toList() + ")");
    }

    /** The symbol holding a static field ("sfld_okd_DebugRoots_machine"). */
    public String staticSymbol(String className, String fieldName) {
        String[] s = staticsByClass.getOrDefault(className, Map.of()).get(fieldName);
        if (s == null) {
            throw new IllegalArgumentException("the image has no static field " + className + "." + fieldName);
        }
        return s[4];
    }

    public StructLayout struct(String name) {
        Long size = structSizes.get(name);
        if (size == null) {
            throw new IllegalArgumentException("no layout for struct " + name);
        }
        return new StructLayout(name, size, Collections.unmodifiableMap(members.getOrDefault(name, Map.of())));
    }

    public int methodCount() {
        return methodsByC.size();
    }
}
