package oolong.introspect.debug;

import java.util.ArrayList;
import java.util.List;

/**
 * A Java method as TeaVM compiled it: class, name and JVM descriptor. Prints as Java would write
 * it, with simple type names: {@code oolong.kernel.proc.Processes.kill(Process, long)}.
 */
public record JavaMethod(String className, String name, String descriptor) {

    /** The class's simple name ("Processes" for oolong.kernel.proc.Processes, "Puppets$Command" stays). */
    public String simpleClassName() {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** "Processes.kill" */
    public String shortName() {
        return simpleClassName() + "." + name;
    }

    /** The parameter types as Java source names: ["Process", "long"]. */
    public List<String> parameterTypes() {
        List<String> out = new ArrayList<>();
        int close = descriptor.indexOf(')');
        int i = 1;
        while (i < close) {
            int dims = 0;
            while (descriptor.charAt(i) == '[') {
                dims++;
                i++;
            }
            String t;
            char c = descriptor.charAt(i);
            if (c == 'L') {
                int end = descriptor.indexOf(';', i);
                String full = descriptor.substring(i + 1, end).replace('/', '.');
                t = full.substring(full.lastIndexOf('.') + 1);
                i = end + 1;
            } else {
                t = primitive(c);
                i++;
            }
            out.add(t + "[]".repeat(dims));
        }
        return out;
    }

    static String primitive(char c) {
        return switch (c) {
            case 'Z' -> "boolean";
            case 'B' -> "byte";
            case 'C' -> "char";
            case 'S' -> "short";
            case 'I' -> "int";
            case 'J' -> "long";
            case 'F' -> "float";
            case 'D' -> "double";
            case 'V' -> "void";
            default -> "?";
        };
    }

    @Override
    public String toString() {
        return className + "." + name + "(" + String.join(", ", parameterTypes()) + ")";
    }
}
