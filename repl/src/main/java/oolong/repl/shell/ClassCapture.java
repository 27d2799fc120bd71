package oolong.repl.shell;

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

    static java.util.Set<String> names() {
        return CLASSES.keySet();
    }

    static void record(String name, byte[] bytes) {
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
}
