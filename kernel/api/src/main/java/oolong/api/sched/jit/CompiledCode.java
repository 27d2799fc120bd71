package oolong.api.sched.jit;

import oolong.api.sched.vm.CompilerView;

/**
 * The machine code {@link PolicyCompiler} made for one class: position-independent bytes whose
 * entry (pick) is at {@link #entryOffset}, and the view of the verified class it came from (for
 * fault messages). Placing the bytes in executable memory is the platform's business
 * ({@link NativeCode}).
 */
public final class CompiledCode {
    final CompilerView view;
    private final byte[] code;
    private final int entryOffset;
    private final int queueCalls;
    private final int eventCalls;
    private final int scratchReads;

    CompiledCode(CompilerView view, byte[] code, int entryOffset, int queueCalls, int eventCalls, int scratchReads) {
        this.scratchReads = scratchReads;
        this.view = view;
        this.code = code;
        this.entryOffset = entryOffset;
        this.queueCalls = queueCalls;
        this.eventCalls = eventCalls;
    }

    /**
     * The scratch slots the code reads (bit s; bit JitAbi.SCRATCH_SLOTS: a slot not known when
     * compiling), so only those columns need copying in.
     */
    public int scratchReads() {
        return scratchReads;
    }

    /** The event values the code reads inline (JitAbi.USES_*), so they must be in the context. */
    public int eventCalls() {
        return eventCalls;
    }

    /** Bit i set: the code calls run-queue method i (CompilerView.queueMethod), so its value must be in the context. */
    public int queueCalls() {
        return queueCalls;
    }

    public byte[] bytes() {
        return code;
    }

    public int entryOffset() {
        return entryOffset;
    }

    public String name() {
        return view.name();
    }
}
