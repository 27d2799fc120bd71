package oolong.api.sched.jit;

import static oolong.api.sched.jit.X86Assembler.*;

import oolong.api.sched.vm.CompilerView;
import oolong.api.sched.vm.VerifiedPolicy;

/**
 * Compiles a verified policy class to x86-64 machine code: a template compiler that relies on the
 * verifier's proof ({@link CompilerView.Proof}) for everything it does not check again.
 *
 * Each method becomes one native function with a frame of 64-bit slots, one per JVM local and
 * stack slot, exactly the interpreter's layout (ints sign-extended, a long's value in its first
 * slot). Because the verifier proved the stack depth at every instruction, each operand's slot
 * is known at compile time, so an instruction is a fixed template: load its operands, compute,
 * store the result. The dynamic bounds are kept as the interpreter keeps them:
 *
 * - The budget is counted in bytecode instructions, exactly: the code is cut into segments that
 *   end at every branch, switch, return, call and division and start at every branch target; a
 *   segment charges its instruction count on entry ({@code sub r13, n; jl}). Only the last
 *   instruction of a segment can fault or be seen from outside, so a segment that would run out
 *   stops where the interpreter would: Java recovers the exact instruction from the segment's
 *   start and what was left ({@link CompiledPolicy}), and the message is the interpreter's.
 * - Call depth: r14 counts frames; a 65th faults at the callee's offset 0, as the interpreter.
 * - Division by zero is tested before dividing (a fault, never #DE); MIN / -1 is computed as a
 *   negation and MIN % -1 as 0, since idiv would trap on both.
 * - Run-queue calls go out through the context ({@link JitAbi}): their arguments are checked by
 *   the run queue in Java, as for the interpreter.
 *
 * Throws {@link NotCompilable} for what it does not handle; the kernel then interprets.
 */
public final class PolicyCompiler {
    /** Instructions of segments that stop on their own (see the class comment). */
    static final int IDIV = 0x6c, LDIV = 0x6d, IREM = 0x70, LREM = 0x71;

    private final CompilerView v;
    private final X86Assembler a = new X86Assembler();
    private final int[] methodLabels;

    private PolicyCompiler(CompilerView v) {
        this.v = v;
        methodLabels = new int[v.methodCount()];
        for (int i = 0; i < methodLabels.length; i++) {
            methodLabels[i] = a.newLabel();
        }
    }

    /** Machine code for every method of the class; its entry is pick (a policy's) or fire/decide (a probe's, a patch's). */
    public static CompiledCode compile(VerifiedPolicy policy) {
        CompilerView view = new CompilerView(policy);
        PolicyCompiler c = new PolicyCompiler(view);
        boolean[] compiled = new boolean[view.methodCount()];
        int[] queueCalls = new int[3];
        for (int mi = 0; mi < view.methodCount(); mi++) {
            if (view.code(mi) != null && !"<init>".equals(view.methodName(mi))) {
                new MethodCompiler(c.a, view, mi, c.methodLabels, queueCalls).compile();
                compiled[mi] = true;
            }
        }
        for (int mi = 0; mi < compiled.length; mi++) {
            if (!compiled[mi]) {
                /* never called (the verifier allows calls only to the class's own static or instance
                   methods with code, and never the constructor); a label still needs a place */
                c.a.bind(c.methodLabels[mi]);
                c.a.ud2();
            }
        }
        byte[] code = c.a.finish();
        return new CompiledCode(view, code, c.a.labelPosition(c.methodLabels[view.pick()]), queueCalls[0],
                queueCalls[1], queueCalls[2]);
    }

    /** The instruction ends a segment: a branch, switch, return, call or division. */
    static boolean endsSegment(int op) {
        return (op >= 0x99 && op <= 0xb1) || (op >= 0xb6 && op <= 0xb9) || op == 0xc8
                || op == IDIV || op == LDIV || op == IREM || op == LREM;
    }

    /** A class the compiler leaves to the interpreter, with the reason. */
    public static final class NotCompilable extends RuntimeException {
        public NotCompilable(String reason) {
            super(reason);
        }
    }
}
