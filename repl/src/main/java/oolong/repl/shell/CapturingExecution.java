package oolong.repl.shell;

import java.util.Map;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import oolong.repl.snippet.ClassCapture;

/**
 * JShell's in-process execution engine, keeping a copy of every class it loads
 * ({@link ClassCapture}). Snippets run in the REPL's own JVM, so they can use the ready facade
 * objects ({@code k}, {@code vm}) directly.
 */
final class CapturingExecution implements ExecutionControlProvider {
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
        };
    }
}
