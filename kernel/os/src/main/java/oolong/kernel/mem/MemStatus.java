package oolong.kernel.mem;

/**
 * Results of the memory calls that can fail in a normal way: 0 or a negative error number.
 * The numbers are Linux's errno values, so system calls can hand them to user programs as they are.
 */
public final class MemStatus {
    public static final int OK = 0;
    /** Out of physical memory (or the fault-injection hook said so). */
    public static final int ENOMEM = -12;
    /** A user address that is unmapped, in the kernel half, non-canonical, or not allowed for this access. */
    public static final int EFAULT = -14;
    /** The range is already (partly) mapped. */
    public static final int EEXIST = -17;
    /** Malformed arguments: misaligned, empty, outside user space. */
    public static final int EINVAL = -22;

    private MemStatus() {
    }

    public static String name(long status) {
        if (status >= 0) {
            return "OK";
        }
        switch ((int) status) {
            case ENOMEM: return "ENOMEM";
            case EFAULT: return "EFAULT";
            case EEXIST: return "EEXIST";
            case EINVAL: return "EINVAL";
            default: return "error " + status;
        }
    }
}
