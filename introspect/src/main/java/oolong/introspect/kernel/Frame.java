package oolong.introspect.kernel;

import java.util.ArrayList;
import java.util.List;
import oolong.introspect.debug.JavaMethod;
import oolong.introspect.program.Symbol;

/**
 * One frame of a backtrace: the code address (the return address for callers), the symbol it is
 * in (with the Java method that C function compiles), and the source lines, innermost first: one
 * per level of inlining gcc did, each with the Java method its line belongs to (TeaVM inlines Java
 * methods into their callers before gcc sees them; the line still says which method it was).
 *
 * @param note what is special about the frame ("CPU exception 14 (#PF)", "user mode"), or null
 */
public record Frame(int index, long pc, Symbol symbol, List<Location> locations, String note) {

    /** A source line and the Java method it belongs to (null when the line is not Java's). */
    public record Location(JavaMethod method, String file, int line) {
        @Override
        public String toString() {
            return (method != null ? method + " " : "") + "(" + file.substring(file.lastIndexOf('/') + 1) + ":" + line + ")";
        }
    }

    /** The Java method the code is in: the innermost line's, else the symbol's; null when it is not Java. */
    public JavaMethod method() {
        for (Location l : locations) {
            if (l.method() != null) {
                return l.method();
            }
        }
        return symbol != null ? symbol.method() : null;
    }

    /** Every Java method the frame involves, innermost first (inlined ones and the compiled function's). */
    public List<JavaMethod> methods() {
        List<JavaMethod> out = new ArrayList<>();
        for (Location l : locations) {
            if (l.method() != null && !out.contains(l.method())) {
                out.add(l.method());
            }
        }
        if (symbol != null && symbol.method() != null && !out.contains(symbol.method())) {
            out.add(symbol.method());
        }
        return out;
    }

    /**
     * "#3  0x00000000001b0f2c  oolong.kernel.proc.Processes.kill(Process, long) + 0x8c (Processes.java:309)",
     * then, indented, the methods its code was inlined into and the C function it is in when that
     * is another method.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format("#%-2d 0x%016x  ", index, pc));
        String indent = "\n" + " ".repeat(24);
        JavaMethod shown = locations.isEmpty() ? null : locations.get(0).method();
        if (shown == null || (symbol != null && shown.equals(symbol.method()))) {
            sb.append(symbol != null ? symbol.toString() : shown != null ? shown.toString() : "??");
            shown = symbol != null && symbol.method() != null ? symbol.method() : shown;
        } else {
            sb.append(shown);
        }
        if (!locations.isEmpty()) {
            Location inner = locations.get(0);
            sb.append(" (").append(inner.file().substring(inner.file().lastIndexOf('/') + 1)).append(':')
                    .append(inner.line()).append(')');
        }
        for (Location outer : locations.subList(Math.min(1, locations.size()), locations.size())) {
            if (outer.method() != null && !outer.method().equals(shown)) {
                sb.append(indent).append("inlined into ").append(outer);
                shown = outer.method();
            }
        }
        if (symbol != null && symbol.method() != null && !symbol.method().equals(shown)) {
            sb.append(indent).append("in ").append(symbol);
        }
        if (note != null) {
            sb.append("  <").append(note).append('>');
        }
        return sb.toString();
    }
}
