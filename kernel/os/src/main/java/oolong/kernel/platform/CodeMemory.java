package oolong.kernel.platform;

import oolong.api.sched.jit.CompiledCode;
import oolong.api.sched.jit.NativeCode;

/**
 * Where the kernel puts machine code it compiled (policies, see oolong.api.sched.jit): the x86
 * implementation (oolong.kernel.arch.X86CodeMemory) maps it into kernel pages that are writable
 * while it is copied in and executable, never writable, afterwards. Host tests have none, and the
 * kernel then interprets.
 */
public interface CodeMemory {
    /** Places the code and returns what runs it; null when there is no room left. */
    NativeCode load(CompiledCode code);

    /** Bytes of code memory not in use. */
    long freeBytes();
}
