package oolong.kernel.arch;

import org.teavm.interop.Import;
import org.teavm.interop.c.Include;

/**
 * The C and assembly side of compiled code (boot/src/main/native/include/oolong/jit.h): the
 * reserved memory (kernel/jitmem.c) and the trampoline (kernel/jit.S).
 */
final class JitCalls {
    private static final String HEADER = "oolong/jit.h";

    private JitCalls() {
    }

    @Import(name = "k_jit_arena") @Include(value = HEADER, isSystem = false)
    static native long arena();

    @Import(name = "k_jit_arena_bytes") @Include(value = HEADER, isSystem = false)
    static native long arenaBytes();

    @Import(name = "k_jit_tables") @Include(value = HEADER, isSystem = false)
    static native long tables();

    @Import(name = "k_jit_table_count") @Include(value = HEADER, isSystem = false)
    static native long tableCount();

    @Import(name = "k_jit_stack_top") @Include(value = HEADER, isSystem = false)
    static native long stackTop();

    @Import(name = "k_jit_context") @Include(value = HEADER, isSystem = false)
    static native long context();

    @Import(name = "k_jit_yield") @Include(value = HEADER, isSystem = false)
    static native long yieldAddress();

    /** jit_run(ctx): enters compiled code; returns its status (JitAbi). */
    @Import(name = "k_jit_run") @Include(value = HEADER, isSystem = false)
    static native long run(long ctx);

    /** jit_resume(ctx): continues compiled code after a call-out. */
    @Import(name = "k_jit_resume") @Include(value = HEADER, isSystem = false)
    static native long resume(long ctx);
}
