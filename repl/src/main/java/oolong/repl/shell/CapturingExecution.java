package oolong.repl.shell;

import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import oolong.repl.snippet.ClassCapture;
import oolong.repl.snippet.SnippetScope;

/**
 * JShell's in-process execution engine, keeping a copy of every class it loads
 * ({@link ClassCapture}). Snippets run in the REPL's own JVM, so they can use the ready facade
 * objects ({@code k}, {@code vm}) directly; before the first snippet runs, the engine binds its
 * class loader to the session's context ({@link SnippetScope}), which is how {@code Oolong.kernel()}
 * and {@code Oolong.expect(...)} find their own session.
 */
final class CapturingExecution implements ExecutionControlProvider {
    /** What the session shows in place of an exception class when a value's toString() threw. */
    static final String TO_STRING_FAILED = "the value's toString() failed";

    private final Object context;
    private volatile ClassLoader snippetLoader;

    /** context: what this session's snippets run against (null: nothing to bind). */
    CapturingExecution(Object context) {
        this.context = context;
    }

    /** The class loader of this session's snippets, once one has run (null before). */
    ClassLoader snippetLoader() {
        return snippetLoader;
    }
    @Override
    public String name() {
        return "oolong-capturing";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        return new LocalExecutionControl() {
            @Override
            public void load(ClassBytecodes[] classes)
                    throws ClassInstallException, NotImplementedException, EngineTerminationException {
                for (ClassBytecodes c : classes) {
                    ClassCapture.record(c.name(), c.bytecodes());
                }
                super.load(classes);
            }

            @Override
            public void redefine(ClassBytecodes[] classes)
                    throws ClassInstallException, NotImplementedException, EngineTerminationException {
                for (ClassBytecodes c : classes) {
                    ClassCapture.record(c.name(), c.bytecodes());
                }
                super.redefine(classes);
            }

            @Override
            protected String invoke(Method doitMethod) throws Exception {
                ClassLoader loader = doitMethod.getDeclaringClass().getClassLoader();
                if (context != null && loader != snippetLoader) {
                    SnippetScope.bind(loader, context);
                    snippetLoader = loader;
                }
                try {
                    /*
                     * super runs the snippet on its own thread (so that Ctrl-C, JShell's stop,
                     * can end it), then turns the value into text on this one: a user's
                     * exception comes back checked (InvocationTargetException), so an unchecked
                     * one here is the value's toString() failing.
                     */
                    return super.invoke(doitMethod);
                } catch (RuntimeException | Error e) {
                    /*
                     * The snippet ran; only printing its value failed. JShell would drop the
                     * event's value and say nothing (or dump a trace): report it as the
                     * snippet's error instead, worded (through the exception-class slot, which
                     * the session prints first) so the user sees it was toString() that threw.
                     */
                    throw new UserException(e.toString(), TO_STRING_FAILED, e.getStackTrace());
                }
            }
        };
    }
}
