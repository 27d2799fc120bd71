package oolong.repl.snippet;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The class files JShell compiled for the snippets, by binary class name. The REPL needs the
 * bytes of classes the user typed (a scheduler policy, for example) to send them to the kernel;
 * the JVM does not give them back once loaded, so the execution engine keeps a copy here.
 */
public final class ClassCapture {
    private static final Map<String, byte[]> CLASSES = new ConcurrentHashMap<>();

    private ClassCapture() {
    }

    /** The names of the classes captured so far. */
    public static java.util.Set<String> names() {
        return CLASSES.keySet();
    }

    /** Keeps a copy of a class file JShell's execution engine loads (shell.CapturingExecution). */
    public static void record(String name, byte[] bytes) {
        CLASSES.put(name, bytes.clone());
    }

    /** The class file of a class defined in the REPL, or null if the REPL did not define it. */
    public static byte[] bytesOf(String binaryName) {
        byte[] b = CLASSES.get(binaryName);
        return b == null ? null : b.clone();
    }

    public static byte[] bytesOf(Class<?> cls) {
        return bytesOf(cls.getName());
    }

    /** Maps a line number in a REPL class's class file to the line the user typed (see JShellSession). */
    public interface SourceMap {
        /** "line 3: return 1 / 0;" for the user's snippet, or null if the class is not from a snippet. */
        String describe(String binaryName, int classFileLine);
    }

    private static volatile SourceMap sourceMap;

    /** Where {@link #explain} finds the lines the user typed (the JShell session, shell.JShellSession). */
    public static void setSourceMap(SourceMap map) {
        sourceMap = map;
    }

    private static final java.util.regex.Pattern LINE = java.util.regex.Pattern.compile("line (\\d+)");

    /**
     * Rewrites "line N" in a message about a REPL class (from the verifier or the kernel) into the
     * line of the snippet the user typed, with its text; messages about other classes are unchanged.
     */
    public static String explain(String binaryName, String message) {
        SourceMap map = sourceMap;
        if (map == null || message == null || binaryName == null) {
            return message;
        }
        java.util.regex.Matcher m = LINE.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String described = map.describe(binaryName, Integer.parseInt(m.group(1)));
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(described == null ? m.group() : described));
        }
        m.appendTail(out);
        return out.toString();
    }
}
