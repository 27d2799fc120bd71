package oolong.kernel.core;

import oolong.api.sched.Policy;
import oolong.api.sched.jit.CompiledCode;
import oolong.api.sched.jit.CompiledExtension;
import oolong.api.sched.jit.CompiledPolicy;
import oolong.api.sched.jit.NativeCode;
import oolong.api.sched.jit.PolicyCompiler;
import oolong.api.sched.vm.PolicyInterpreter;
import oolong.api.sched.vm.VerifiedPolicy;
import oolong.kernel.platform.CodeMemory;
import oolong.kernel.probe.Extensions;
import oolong.kernel.sched.Scheduler;

/**
 * Turns a verified policy into what the scheduler runs: compiled to machine code when the kernel
 * has code memory and the compiler is on (the default; {@code jit=off} on the command line or
 * {@code k.sched().jit(false)} turn it off), else interpreted. Compiling happens here, at install
 * time, off the decision path; its cost is kept for {@code k.sched()}. Whatever the compiler does
 * not handle, or a full code arena, leaves the policy interpreted, with the reason kept.
 *
 * Probes and patches are compiled here too, at attach time, under the same switch
 * ({@link #compile(VerifiedPolicy, long)}); their code goes back when they are detached.
 *
 * Code memory is given back lazily: a compiled policy the scheduler no longer holds (neither
 * running nor kept to fall back to) is released at the next install.
 */
public final class PolicyCompilation implements Extensions.Compiler {
    /** Compiled policies whose code is still mapped (a few at most: the scheduler holds two). */
    private final java.util.ArrayList<CompiledPolicy> live = new java.util.ArrayList<>();
    private CodeMemory memory;
    private boolean enabled = true;
    private long lastCompileNanos = -1;
    private int lastCodeBytes;
    private String lastNote = "";
    private String extensionNote = "";
    private long lastVerifyNanos = -1;
    private long lastInstallNanos = -1;

    void setCodeMemory(CodeMemory memory) {
        this.memory = memory;
    }

    /** Whether install compiles (it also needs code memory, which host tests' machines lack). */
    public boolean enabled() {
        return enabled && memory != null;
    }

    public void setEnabled(boolean on) {
        enabled = on;
    }

    /** Time the last compilation took (compiler and mapping), or -1 if nothing was compiled yet. */
    public long lastCompileNanos() {
        return lastCompileNanos;
    }

    /** Time the kernel's verification of the last installed class took. */
    public long lastVerifyNanos() {
        return lastVerifyNanos;
    }

    void setLastVerifyNanos(long nanos) {
        lastVerifyNanos = nanos;
    }

    /** Time the kernel spent on the last install request, from the decoded request to the policy in use. */
    public long lastInstallNanos() {
        return lastInstallNanos;
    }

    public void setLastInstallNanos(long nanos) {
        lastInstallNanos = nanos;
    }

    public int lastCodeBytes() {
        return lastCodeBytes;
    }

    /** Why the last installed policy is interpreted, or "" when it was compiled. */
    public String lastNote() {
        return lastNote;
    }

    public long freeCodeBytes() {
        return memory == null ? 0 : memory.freeBytes();
    }

    /**
     * The policy to install: compiled if `compile` and possible, else interpreted; either with
     * this budget. `clock` measures the compilation.
     */
    Policy prepare(VerifiedPolicy v, long budget, boolean compile, Scheduler scheduler) {
        releaseUnused(scheduler);
        if (compile && memory != null) {
            long t0 = scheduler.nanos();
            try {
                CompiledCode code = PolicyCompiler.compile(v);
                NativeCode placed = memory.load(code);
                if (placed != null) {
                    CompiledPolicy p = new CompiledPolicy(code, placed);
                    p.setBudget(budget);
                    live.add(p);
                    lastCompileNanos = scheduler.nanos() - t0;
                    lastCodeBytes = code.bytes().length;
                    lastNote = "";
                    return p;
                }
                lastNote = "no room for " + code.bytes().length + " bytes of code (" + memory.freeBytes() + " free)";
            } catch (PolicyCompiler.NotCompilable e) {
                lastNote = "not compiled: " + e.getMessage();
            }
        } else {
            lastNote = compile ? "no code memory" : "interpreted as asked";
        }
        PolicyInterpreter p = new PolicyInterpreter(v);
        p.setBudget(budget);
        return p;
    }

    /** Gives back the code of compiled policies the scheduler no longer runs or keeps. */
    private void releaseUnused(Scheduler scheduler) {
        for (int i = live.size() - 1; i >= 0; i--) {
            CompiledPolicy p = live.get(i);
            if (p != scheduler.policy()) {
                p.release();
                live.remove(i);
            }
        }
    }

    /** A probe or a patch compiled at attach time, or null (then {@link #note()} says why): the switch covers them too. */
    @Override
    public CompiledExtension compile(VerifiedPolicy v, long budget) {
        if (!enabled) {
            extensionNote = "interpreted as asked";
            return null;
        }
        if (memory == null) {
            extensionNote = "no code memory";
            return null;
        }
        try {
            CompiledCode code = PolicyCompiler.compile(v);
            NativeCode placed = memory.load(code);
            if (placed == null) {
                extensionNote = "no room for " + code.bytes().length + " bytes of code (" + memory.freeBytes() + " free)";
                return null;
            }
            CompiledExtension e = new CompiledExtension(code, placed);
            e.setBudget(budget);
            extensionNote = "";
            return e;
        } catch (PolicyCompiler.NotCompilable e) {
            extensionNote = "not compiled: " + e.getMessage();
            return null;
        }
    }

    /** Why the last probe or patch attached runs interpreted. */
    @Override
    public String note() {
        return extensionNote;
    }

    /** A compiled copy for a benchmark, or null; the caller releases it. */
    CompiledPolicy compileForBench(VerifiedPolicy v, long budget) {
        if (memory == null) {
            return null;
        }
        CompiledCode code = PolicyCompiler.compile(v);
        NativeCode placed = memory.load(code);
        if (placed == null) {
            return null;
        }
        CompiledPolicy p = new CompiledPolicy(code, placed);
        p.setBudget(budget);
        return p;
    }
}
