package oolong.api.sched.jit;

import static oolong.api.sched.jit.X86Assembler.*;

import oolong.api.sched.vm.CompilerView;

/**
 * Templates for a probe's or a patch's calls to its event (see {@link MethodCompiler} for the
 * frame): the values fixed for an invocation are read from the context ({@link JitAbi}.EVENT_*),
 * the rest — the clock, every maps call — go out through the call-out entry.
 */
final class EventTemplates {
    private final X86Assembler a;
    private final MethodCompiler m;
    /** As MethodCompiler's: [1] collects the event values the class reads (JitAbi.USES_*). */
    private final int[] queueCalls;

    EventTemplates(X86Assembler a, MethodCompiler m, int[] queueCalls) {
        this.a = a;
        this.m = m;
        this.queueCalls = queueCalls;
    }

    /**
     * A call to the event: pid(), hook() and now() are one load from the context, arg(i) a load after
     * one unsigned compare (out of range: the call itself, so that the event reports it); nanos()
     * reads the kernel's clock, a call-out.
     */
    void call(int pc, int sp, int id) {
        switch (id) {
            case 0, 2, 3 -> {                                     /* pid()I, now()J, hook()I */
                queueCalls[1] |= id == 0 ? JitAbi.USES_PID : id == 2 ? JitAbi.USES_NOW : JitAbi.USES_HOOK;
                a.load(RAX, R12, id == 0 ? JitAbi.EVENT_PID : id == 2 ? JitAbi.EVENT_NOW : JitAbi.EVENT_HOOK);
                a.store(RBP, m.stack(sp - 1), RAX);
            }
            case 1 -> {                                           /* arg(I)J */
                queueCalls[1] |= JitAbi.USES_ARGS;
                int slow = a.newLabel();
                int done = a.newLabel();
                a.load(RAX, RBP, m.stack(sp - 1));
                a.aluImm(CMP, RAX, JitAbi.EVENT_ARG_COUNT, true);
                a.jcc(AE, slow);
                a.lea(RCX, R12, JitAbi.EVENT_ARGS);
                a.loadIndexed(RAX, RCX, RAX);
                a.store(RBP, m.stack(sp - 2), RAX);
                a.jmp(done);
                a.bind(slow);
                m.yieldCall(pc, sp, JitAbi.EVENT_CALLOUT + id, CompilerView.eventMethod(id));
                a.bind(done);
            }
            default -> m.yieldCall(pc, sp, JitAbi.EVENT_CALLOUT + id, CompilerView.eventMethod(id));
        }
    }
}
