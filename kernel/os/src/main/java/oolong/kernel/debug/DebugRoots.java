package oolong.kernel.debug;

import oolong.kernel.core.Machine;

/**
 * Where a debugger starts reading the kernel's memory: its top-level objects in static fields,
 * which the image's symbol table names (TeaVM gives each static field a C global; the build's
 * debug information says which). This is Oolong's {@code init_task}: the host's memory-level
 * views (vm.core() in the REPL, docs/introspection.md) find the process tree, the memory manager
 * and the scheduler from here, without the agent's help. Set once at boot.
 */
public final class DebugRoots {
    /** The machine (processes, memory, scheduler, fault points); null without a user image. */
    static Machine machine;

    private DebugRoots() {
    }

    public static void publish(Machine m) {
        machine = m;
    }

    public static Machine machine() {
        return machine;
    }
}
