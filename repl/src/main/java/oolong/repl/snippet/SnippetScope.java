package oolong.repl.snippet;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * Which REPL session the running snippet code belongs to. Snippets run in this JVM, compiled by
 * JShell into classes of a class loader of its own, one per JShell session; the only way from
 * their code to the host's objects is a static call ({@code Oolong.kernel()}, {@code
 * Oolong.expect(...)}). So each session binds its loader to its context here, and such a call
 * finds its session by walking the calling thread's stack to the innermost frame of snippet code.
 * That works on any thread a snippet starts (a pool thread running a snippet's lambda included),
 * and two sessions in one JVM never see each other's objects. This map is the only thing that is
 * static: it holds no kernel, only which loader belongs to which session.
 */
public final class SnippetScope {
    private static final Map<ClassLoader, Object> CONTEXTS = Collections.synchronizedMap(new WeakHashMap<>());
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private SnippetScope() {
    }

    /** Code loaded by this loader (a JShell session's snippets) runs against this context. */
    public static void bind(ClassLoader snippetLoader, Object context) {
        CONTEXTS.put(Objects.requireNonNull(snippetLoader), Objects.requireNonNull(context));
    }

    /** The session has ended. */
    public static void unbind(ClassLoader snippetLoader) {
        CONTEXTS.remove(snippetLoader);
    }

    /**
     * The context of the innermost snippet code on this thread's stack, if there is snippet code
     * on it and its session's context is a {@code type}.
     */
    public static <T> Optional<T> current(Class<T> type) {
        if (CONTEXTS.isEmpty()) {
            return Optional.empty();
        }
        return WALKER.walk(frames -> frames.map(f -> f.getDeclaringClass().getClassLoader())
                .filter(Objects::nonNull)
                .map(CONTEXTS::get)
                .filter(type::isInstance)
                .map(type::cast)
                .findFirst());
    }
}
