package oolong.kernel.mem;

import oolong.api.Errno;

/**
 * Results of the memory calls that can fail in a normal way: 0 or a negative error number.
 * The numbers are {@link Errno}'s, negated, so system calls can hand them to user programs as they
 * are; this class only names the ones the memory calls use.
 */
public final class MemStatus {
    public static final int OK = 0;
    /** Out of physical memory (or the fault-injection hook said so). */
    public static final int ENOMEM = -Errno.ENOMEM;
    /** A user address that is unmapped, in the kernel half, non-canonical, or not allowed for this access. */
    public static final int EFAULT = -Errno.EFAULT;
    /** The range is already (partly) mapped. */
    public static final int EEXIST = -Errno.EEXIST;
    /** Malformed arguments: misaligned, empty, outside user space. */
    public static final int EINVAL = -Errno.EINVAL;

    private MemStatus() {
    }

    /** "OK" for a success, else the error's symbol ({@link Errno#name}). */
    public static String name(long status) {
        return status >= 0 ? "OK" : Errno.name(status);
    }
}
