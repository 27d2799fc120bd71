package oolong.kernel.mem;

import oolong.api.Errno;

/**
 * The outcome of {@link UserAddressSpace#handleFault}: resolved (0), or why the access is a real
 * fault, as an {@link Errno} number (the kernel's one error vocabulary, whose negations are the
 * {@link MemStatus} values): not a user address (EINVAL), unmapped (EFAULT), not allowed (EACCES),
 * no memory (ENOMEM). A copy-in or copy-out reports all but ENOMEM as EFAULT.
 */
public final class Fault {
    /** The page is now mapped as the access needs: retry the instruction. */
    public static final int RESOLVED = 0;
    /** Kernel half (below 1 GiB), non-canonical, or at/above the 128 TiB user top: not a user address at all. */
    public static final int BAD_ADDRESS = Errno.EINVAL;
    /** No region covers the address. */
    public static final int NO_REGION = Errno.EFAULT;
    /** The region forbids the access (write to read-only, execute from non-executable, guard page). */
    public static final int PROTECTION = Errno.EACCES;
    /** A frame (or page table) was needed and none could be allocated. */
    public static final int NO_MEMORY = Errno.ENOMEM;

    /** x86 page-fault error code bits (pushed by the CPU for vector 14). */
    public static final int ERR_PRESENT = 1;
    public static final int ERR_WRITE = 2;
    public static final int ERR_USER = 4;
    public static final int ERR_RESERVED = 8;
    public static final int ERR_FETCH = 16;

    private Fault() {
    }

    public static String name(int fault) {
        switch (fault) {
            case RESOLVED: return "resolved";
            case BAD_ADDRESS: return "bad address";
            case NO_REGION: return "no region";
            case PROTECTION: return "protection";
            case NO_MEMORY: return "out of memory";
            default: return "fault " + fault;
        }
    }
}
