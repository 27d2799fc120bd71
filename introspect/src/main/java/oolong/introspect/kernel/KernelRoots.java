package oolong.introspect.kernel;

import oolong.introspect.program.JavaObject;
import oolong.introspect.program.Program;

/**
 * Where the helpers start: the kernel's top-level objects, reached from the static field the
 * kernel publishes them in (oolong.kernel.debug.DebugRoots.machine), like Linux's init_task.
 */
public final class KernelRoots {
    static final String ROOTS = "oolong.kernel.debug.DebugRoots";

    private KernelRoots() {
    }

    /** The kernel's Machine (processes, memory, scheduler, fault points). */
    public static JavaObject machine(Program program) {
        JavaObject m = program.staticObject(ROOTS, "machine");
        if (m == null) {
            throw new IllegalStateException("the kernel has not published its machine yet (still booting, or no user image)");
        }
        return m;
    }

    /** The process model (oolong.kernel.proc.Processes). */
    public static JavaObject processes(Program program) {
        return machine(program).ref("processes");
    }
}
