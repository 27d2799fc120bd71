package oolong.api.sched.jit;

import oolong.api.sched.vm.CompilerView;
import oolong.api.sched.vm.PolicyBudget;
import oolong.api.sched.vm.PolicyFault;

/**
 * What a compiled policy and a compiled probe or patch share: the code and the view of the
 * verified class it came from, the budget, the instruction count of the last run, and turning a
 * FAULT status into the interpreter's {@link PolicyFault}, in the interpreter's words (method, the
 * snippet's line, bytecode offset), so the kernel's fallback or detach cannot tell the two apart.
 */
public abstract class CompiledRun {
    final CompiledCode compiled;
    final CompilerView view;
    final NativeCode code;
    long budget = PolicyBudget.DEFAULT;
    long lastInstructions;

    CompiledRun(CompiledCode compiled, NativeCode code) {
        this.compiled = compiled;
        this.view = compiled.view;
        this.code = code;
    }

    public String name() {
        return view.name();
    }

    public CompiledCode compiled() {
        return compiled;
    }

    public void setBudget(long instructions) {
        budget = Math.max(1, instructions);
    }

    public long budget() {
        return budget;
    }

    /** Instructions (bytecodes) the last run executed, counted as the interpreter counts them. */
    public long lastInstructions() {
        return lastInstructions;
    }

    /** Gives back the code's memory; it must not be run again. */
    public void release() {
        code.release();
    }

    /** A call-out that threw: its instructions so far, and the fault at the call's method and offset. */
    final PolicyFault callOutFault(String message) {
        lastInstructions = budget - code.field(JitAbi.REMAINING);
        return view.fault((int) code.field(JitAbi.METHOD), (int) code.field(JitAbi.PC), message);
    }

    /** The result of a run that ended with `status` (DONE); a FAULT throws the interpreter's fault. */
    final long finish(int status) {
        long remaining = code.field(JitAbi.REMAINING);
        if (status == JitAbi.DONE) {
            lastInstructions = budget - remaining;
            return code.field(JitAbi.RESULT);
        }
        if (status != JitAbi.FAULT) {
            throw new IllegalStateException("compiled code of " + name() + " returned status " + status);
        }
        int method = (int) code.field(JitAbi.METHOD);
        int pc = (int) code.field(JitAbi.PC);
        switch ((int) code.field(JitAbi.ID)) {
            case JitAbi.FAULT_BUDGET -> {
                lastInstructions = budget + 1;
                throw view.fault(method, exhaustedAt(method, pc, remaining), CompilerView.budgetMessage(budget, view.kind()));
            }
            case JitAbi.FAULT_DEPTH -> {
                lastInstructions = budget - remaining;
                throw view.fault(method, pc, CompilerView.depthMessage());
            }
            default -> {
                lastInstructions = budget - remaining;
                throw view.fault(method, pc, CompilerView.divideByZeroMessage());
            }
        }
    }

    /**
     * The instruction at which the interpreter would have run out: the segment starting at
     * `start` was entered with `left` instructions of budget, so its instruction number `left`
     * (counting from 0) is the first one not paid for.
     */
    private int exhaustedAt(int method, int start, long left) {
        byte[] c = view.code(method);
        int pc = start;
        for (long k = 0; k < left; k++) {
            pc += CompilerView.length(c, pc);
        }
        return pc;
    }
}
