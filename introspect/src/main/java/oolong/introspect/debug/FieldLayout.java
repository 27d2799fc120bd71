package oolong.introspect.debug;

/**
 * One instance field of a Java class in the image: where it is in an object and its Java type.
 * {@code descriptor} is the JVM type descriptor ("I", "J", "Z", "Ljava/lang/String;", "[I").
 */
public record FieldLayout(String declaringClass, String name, String descriptor, long offset, long size) {

    /** A reference (object or array): its value is the address of another object, or 0. */
    public boolean reference() {
        return descriptor.startsWith("L") || descriptor.startsWith("[");
    }

    /** The Java type as source would write it: "int", "String", "Process[]". */
    public String typeName() {
        return typeName(descriptor);
    }

    static String typeName(String descriptor) {
        int dims = 0;
        while (dims < descriptor.length() && descriptor.charAt(dims) == '[') {
            dims++;
        }
        String base = descriptor.substring(dims);
        String t = base.startsWith("L") ? base.substring(1, base.length() - 1).replace('/', '.')
                : base.length() == 1 ? JavaMethod.primitive(base.charAt(0)) : base;
        return t + "[]".repeat(dims);
    }
}
