package oolong.introspect.program;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oolong.introspect.debug.FieldLayout;

/**
 * A Java object in the kernel's memory, typed by its header (drgn's Object): its class, its fields
 * with their Java types, and references to follow. Reads happen when asked, through the
 * {@link Program}; nothing is copied up front.
 *
 * <pre>
 *   var p = vm.core().proc(7);
 *   p.get("pid")                  // 7
 *   p.ref("parent").get("pid")    // 1
 *   p.ref("program").string()     // "tree"
 *   p.ref("state").enumName()     // "WAITS4TIMER"
 * </pre>
 */
public final class JavaObject {
    private final Program program;
    private final long address;
    private final String className;

    JavaObject(Program program, long address, String className) {
        this.program = program;
        this.address = address;
        this.className = className;
    }

    public long address() {
        return address;
    }

    /** The object's class (its dynamic type): "oolong.kernel.proc.Process", "long[]". */
    public String className() {
        return className;
    }

    public String simpleClassName() {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    public boolean isArray() {
        return className.endsWith("[]");
    }

    public boolean isString() {
        return className.equals("java.lang.String");
    }

    /** Every instance field of the object's class, inherited ones first. */
    public List<FieldLayout> fieldLayouts() {
        if (isArray() || !program.debug().hasClass(className)) {
            return List.of();
        }
        return program.debug().allFields(className);
    }

    /**
     * A field by name, looked up as Java does (the class first, then its superclasses); a field
     * a subclass hides is named by its class as well: {@code "SchedEntity.pid"}.
     */
    public FieldLayout layout(String field) {
        if (isArray()) {
            throw new IllegalArgumentException("an array has no fields (length(), element(i))");
        }
        int dot = field.lastIndexOf('.');
        if (dot > 0) {
            String owner = field.substring(0, dot);
            String name = field.substring(dot + 1);
            for (FieldLayout f : fieldLayouts()) {
                if (f.name().equals(name) && (f.declaringClass().equals(owner) || simple(f.declaringClass()).equals(owner))) {
                    return f;
                }
            }
            throw new IllegalArgumentException(className + " has no field " + field + " (fields: " + labels(fieldLayouts()) + ")");
        }
        return program.debug().field(className, field);
    }

    /**
     * How each field is named when the object is shown: its name, or, for a field a subclass
     * hides (SchedEntity's pid under Process's pid), its class's simple name and its name, as
     * Java would have to reach it ({@code ((SchedEntity) p).pid}): "SchedEntity.pid".
     */
    static List<String> labels(List<FieldLayout> fields) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            FieldLayout f = fields.get(i);
            boolean hidden = false;
            for (int j = i + 1; j < fields.size() && !hidden; j++) {
                hidden = fields.get(j).name().equals(f.name()) && !fields.get(j).declaringClass().equals(f.declaringClass());
            }
            out.add(hidden ? simple(f.declaringClass()) + "." + f.name() : f.name());
        }
        return out;
    }

    /**
     * A field's value: Integer, Long, Boolean, Byte, Short, Character, Float or Double for
     * primitives, a JavaObject for a reference, null for a null reference.
     */
    public Object get(String field) {
        return value(layout(field));
    }

    /** A reference field's object (null when null). */
    public JavaObject ref(String field) {
        FieldLayout f = layout(field);
        if (!f.reference()) {
            throw new IllegalArgumentException(className + "." + field + " is a " + f.typeName() + ", not a reference");
        }
        return program.objectOrNull(program.readLong(address + f.offset()));
    }

    /** The address a reference field holds (0 for null), without reading the object. */
    public long refAddress(String field) {
        FieldLayout f = layout(field);
        if (!f.reference()) {
            throw new IllegalArgumentException(className + "." + field + " is a " + f.typeName() + ", not a reference");
        }
        return program.readLong(address + f.offset());
    }

    /** An integer field (int, long, short, byte, char) widened to long. */
    public long getLong(String field) {
        FieldLayout f = layout(field);
        long v = program.readSigned(address + f.offset(), f.size());
        return f.descriptor().equals("C") ? v & 0xFFFF : v;
    }

    public int getInt(String field) {
        return (int) getLong(field);
    }

    public boolean getBoolean(String field) {
        return program.readByte(address + layout(field).offset()) != 0;
    }

    /** A String field's text (null when the field is null). */
    public String getString(String field) {
        JavaObject s = ref(field);
        return s == null ? null : s.string();
    }

    /** This String's text. */
    public String string() {
        if (!isString()) {
            throw new IllegalStateException("a " + className + " is not a String");
        }
        return program.javaString(address);
    }

    /** This enum constant's name (java.lang.Enum.name). */
    public String enumName() {
        return program.javaString(program.readLong(address + program.debug().field("java.lang.Enum", "name").offset()));
    }

    /** Whether the object is an enum constant (its class extends java.lang.Enum). */
    public boolean isEnum() {
        var debug = program.debug();
        for (String c = className; c != null && debug.hasClass(c); c = debug.classLayout(c).superclass()) {
            if (c.equals("java.lang.Enum")) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ arrays

    public int length() {
        requireArray();
        return program.arrayLength(address);
    }

    private String elementType() {
        return className.substring(0, className.length() - 2);
    }

    private int elementSize() {
        return switch (elementType()) {
            case "boolean", "byte" -> 1;
            case "char", "short" -> 2;
            case "int", "float" -> 4;
            default -> 8;
        };
    }

    /** An element: boxed primitive, JavaObject, or null. */
    public Object element(int index) {
        requireArray();
        int n = length();
        if (index < 0 || index >= n) {
            throw new IndexOutOfBoundsException("index " + index + " of an array of " + n);
        }
        int size = elementSize();
        long at = program.arrayData(address, size) + (long) index * size;
        return switch (elementType()) {
            case "boolean" -> program.readByte(at) != 0;
            case "byte" -> program.readByte(at);
            case "char" -> (char) program.readShort(at);
            case "short" -> program.readShort(at);
            case "int" -> program.readInt(at);
            case "long" -> program.readLong(at);
            case "float" -> Float.intBitsToFloat(program.readInt(at));
            case "double" -> Double.longBitsToDouble(program.readLong(at));
            default -> program.objectOrNull(program.readLong(at));
        };
    }

    /** The elements of a reference array (nulls included). */
    public List<JavaObject> references() {
        requireArray();
        List<JavaObject> out = new ArrayList<>();
        int n = length();
        long data = program.arrayData(address, 8);
        for (int i = 0; i < n; i++) {
            out.add(program.objectOrNull(program.readLong(data + 8L * i)));
        }
        return out;
    }

    /** The element addresses of a reference array (0 for null), without reading the objects. */
    public long[] referenceAddresses() {
        requireArray();
        int n = length();
        long data = program.arrayData(address, 8);
        byte[] raw = program.read(data, n * 8);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long v = 0;
            for (int b = 7; b >= 0; b--) {
                v = (v << 8) | (raw[i * 8 + b] & 0xFF);
            }
            out[i] = v;
        }
        return out;
    }

    private void requireArray() {
        if (!isArray()) {
            throw new IllegalStateException("a " + className + " is not an array");
        }
    }

    // ------------------------------------------------------------------ the whole object

    /** Every field's value, in memory order, named as {@link #labels} names them. */
    public Map<String, Object> fields() {
        Map<String, Object> out = new LinkedHashMap<>();
        List<FieldLayout> all = fieldLayouts();
        List<String> labels = labels(all);
        for (int i = 0; i < all.size(); i++) {
            out.put(labels.get(i), value(all.get(i)));
        }
        return out;
    }

    private Object value(FieldLayout f) {
        long at = address + f.offset();
        return switch (f.descriptor()) {
            case "Z" -> program.readByte(at) != 0;
            case "B" -> program.readByte(at);
            case "C" -> (char) program.readShort(at);
            case "S" -> program.readShort(at);
            case "I" -> program.readInt(at);
            case "J" -> program.readLong(at);
            case "F" -> Float.intBitsToFloat(program.readInt(at));
            case "D" -> Double.longBitsToDouble(program.readLong(at));
            default -> program.objectOrNull(program.readLong(at));
        };
    }

    /** One line: "Process @ 0x152b4e0", with a String's text or an enum constant's name. */
    public String summary() {
        String s = simpleClassName() + " @ 0x" + Long.toHexString(address);
        try {
            if (isString()) {
                return s + " " + quote(string());
            }
            if (isArray()) {
                return s + " (length " + length() + ")";
            }
            if (isEnum()) {
                return s + " " + enumName();
            }
        } catch (RuntimeException e) {
            return s + " (unreadable: " + e.getMessage() + ")";
        }
        return s;
    }

    /** The object with every field, one per line; references as one-line summaries. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(className + " @ 0x" + Long.toHexString(address));
        if (isString()) {
            return sb.append(' ').append(quote(string())).toString();
        }
        if (isArray()) {
            int n = length();
            sb.append(" (length ").append(n).append(')');
            List<String> items = new ArrayList<>();
            for (int i = 0; i < Math.min(n, 32); i++) {
                Object e = element(i);
                items.add(e instanceof JavaObject o ? o.summary() : String.valueOf(e));
            }
            return sb.append(' ').append(items).append(n > 32 ? " ..." : "").toString();
        }
        sb.append(" {\n");
        List<FieldLayout> all = fieldLayouts();
        List<String> labels = labels(all);
        for (int i = 0; i < all.size(); i++) {
            FieldLayout f = all.get(i);
            Object v;
            try {
                v = value(f);
            } catch (RuntimeException e) {
                v = "(unreadable: " + e.getMessage() + ")";
            }
            String shown = v instanceof JavaObject o ? o.summary() : v instanceof Character c ? quote(c.toString())
                    : v == null ? "null" : v.toString();
            sb.append(String.format("    %-14s %-18s = %s%n", simple(f.typeName()), labels.get(i), shown));
        }
        return sb.append('}').toString();
    }

    private static String simple(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JavaObject j && j.address == address && j.program == program;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(address);
    }
}
