package oolong.kernel.probe;

import oolong.api.probe.FixedMaps;
import oolong.api.probe.Hooks;
import oolong.api.probe.Patch;
import oolong.api.sched.vm.ExtensionKind;
import oolong.api.sched.vm.PolicyInterpreter;

/**
 * One probe or patch attached at a hook: its verified code, the maps allocated for it at attach
 * time, and what it has cost. {@link #code} is the single call through which the kernel runs the
 * extension's verified code (the interpreter today; anything that implements {@link Patch} with
 * the same meaning can replace it).
 */
public final class Extension {
    public final int id;
    public final int hook;
    public final ExtensionKind kind;
    /** The class's simple name, as the user typed it. */
    public final String name;
    /** The class's internal name (the REPL maps fault lines back to the snippet with it). */
    public final String className;
    final Patch code;
    final PolicyInterpreter interpreter;
    public final FixedMaps maps;
    /** Order of attachment over all hooks: the order extensions on one hook run in. */
    final long sequence;
    long hits;
    long nanos;
    long instructions;
    /** Why it was detached (a fault, the CPU bound, the user); null while attached. */
    String detachReason;

    Extension(int id, int hook, ExtensionKind kind, String name, String className, PolicyInterpreter interpreter,
            FixedMaps maps, long sequence) {
        this.id = id;
        this.hook = hook;
        this.kind = kind;
        this.name = name;
        this.className = className;
        this.code = interpreter;
        this.interpreter = interpreter;
        this.maps = maps;
        this.sequence = sequence;
    }

    public String hookName() {
        return Hooks.name(hook);
    }

    public long hits() {
        return hits;
    }

    /** Nanoseconds spent in the extension in all. */
    public long nanos() {
        return nanos;
    }

    /** Interpreted instructions in all. */
    public long instructions() {
        return instructions;
    }

    public long budget() {
        return interpreter.budget();
    }

    public boolean attached() {
        return detachReason == null;
    }

    public String detachReason() {
        return detachReason;
    }
}
