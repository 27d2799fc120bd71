package oolong.api;

/**
 * Error numbers returned (negated) by system calls and reported by the agent. The values are
 * Linux's, so that they read familiarly; {@link #name} gives the symbol. This is the kernel's one
 * error vocabulary: the memory calls' statuses (oolong.kernel.mem.MemStatus) are these numbers
 * negated, and a page fault's reasons (oolong.kernel.mem.Fault) are these numbers.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EBADF = 9;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int EMFILE = 24;
    public static final int EPIPE = 32;
    public static final int ERANGE = 34;
    public static final int ENOSYS = 38;
    public static final int ENOTSUP = 95;

    private Errno() {
    }

    /** The symbol for an error number (sign ignored), or "E" + number when unknown. */
    public static String name(long errno) {
        long e = Math.abs(errno);
        switch ((int) e) {
            case EPERM: return "EPERM";
            case ENOENT: return "ENOENT";
            case ESRCH: return "ESRCH";
            case EBADF: return "EBADF";
            case ECHILD: return "ECHILD";
            case EAGAIN: return "EAGAIN";
            case ENOMEM: return "ENOMEM";
            case EACCES: return "EACCES";
            case EFAULT: return "EFAULT";
            case EEXIST: return "EEXIST";
            case EINVAL: return "EINVAL";
            case EMFILE: return "EMFILE";
            case EPIPE: return "EPIPE";
            case ERANGE: return "ERANGE";
            case ENOSYS: return "ENOSYS";
            case ENOTSUP: return "ENOTSUP";
            default: return "E" + e;
        }
    }
}
