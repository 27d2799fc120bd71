package oolong.kernel.probe;

import oolong.api.probe.FixedMaps;
import oolong.api.probe.Hooks;
import oolong.api.probe.Patch;
import oolong.api.sched.jit.CompiledExtension;
import oolong.api.sched.vm.ExtensionKind;
import oolong.api.sched.vm.PolicyInterpreter;

/**
 * One probe or patch attached at a hook: its verified code, the maps allocated for it at attach
 * time, and what it has cost. {@link #code} is the single call through which the kernel runs the
 * extension's verified code: its compiled machine code when the kernel compiled it at attach
 * time, else the interpreter (both implement {@link Patch} with the same meaning, budget and faults).
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
    /** The compiled code, or null when it runs interpreted ({@link #jitNote} says why). */
    final CompiledExtension compiled;
    /** Nanoseconds compiling took (compiler and mapping), 0 if not compiled. */
    final long compileNanos;
    /** Why it runs interpreted ("" when compiled). */
    final String jitNote;
    public final FixedMaps maps;
    /** Order of attachment over all hooks: the order extensions on one hook run in. */
    final long sequence;
    long hits;
    long nanos;
    long instructions;
    /** Why it was detached (a fault, the CPU bound, the user); null while attached. */
    String detachReason;

    Extension(int id, int hook, ExtensionKind kind, String name, String className, PolicyInterpreter interpreter,
            CompiledExtension compiled, long compileNanos, String jitNote, FixedMaps maps, long sequence) {
        this.id = id;
        this.hook = hook;
        this.kind = kind;
        this.name = name;
        this.className = className;
        this.code = compiled != null ? compiled : interpreter;
        this.interpreter = interpreter;
        this.compiled = compiled;
        this.compileNanos = compileNanos;
        this.jitNote = jitNote;
        this.maps = maps;
        this.sequence = sequence;
    }

    public String hookName() {
        return Hooks.name(hook);
    }

    public long hits() {
        return hits;
    }

    /** Nanoseconds spent in the extension in all: an estimate, one hit in Extensions.TIME_SAMPLE is timed and stands for that many. */
    public long nanos() {
        return nanos;
    }

    /** Instructions (bytecodes, counted alike interpreted or compiled) in all. */
    public long instructions() {
        return instructions;
    }

    public long budget() {
        return interpreter.budget();
    }

    /** Instructions the last invocation executed, whichever way it ran. */
    long lastInstructions() {
        return compiled != null ? compiled.lastInstructions() : interpreter.lastInstructions();
    }

    public boolean compiled() {
        return compiled != null;
    }

    /** Nanoseconds the compilation at attach took (0 when interpreted). */
    public long compileNanos() {
        return compileNanos;
    }

    /** Bytes of x86-64 it was compiled to (0 when interpreted). */
    public int codeBytes() {
        return compiled == null ? 0 : compiled.compiled().bytes().length;
    }

    /** Why it runs interpreted, or "" when compiled. */
    public String jitNote() {
        return jitNote;
    }

    public boolean attached() {
        return detachReason == null;
    }

    public String detachReason() {
        return detachReason;
    }
}
