package oolong.api.probe;

/**
 * The kernel's hook points: their names, ids, what each {@link Event#arg} means, and which values a
 * {@link Patch} may return at each (docs/probes.md has the same table). Shared by the kernel, which
 * fires them and checks a patch's value, and the REPL, which completes hook names and refuses a
 * patch on a hook that cannot be patched before sending anything.
 */
public final class Hooks {
    public static final int SYSCALL_ENTER = 0;
    public static final int SYSCALL_EXIT = 1;
    public static final int PROC_FORK = 2;
    public static final int PROC_KILL = 3;
    public static final int PROC_REAP = 4;
    public static final int PROC_AWAIT = 5;
    public static final int MEM_FAULT = 6;
    public static final int MEM_FRAME_ALLOC = 7;
    public static final int SCHED_SWITCH = 8;
    public static final int PIPE_WRITE = 9;
    public static final int PIPE_READ = 10;
    public static final int TICK = 11;
    public static final int COUNT = 12;

    /** The largest errno a patch may return negated (Linux's MAX_ERRNO). */
    public static final long MAX_ERRNO = 4095;

    private static final String[] NAMES = {
        "syscall:enter", "syscall:exit", "proc:fork", "proc:kill", "proc:reap", "proc:await",
        "mem:fault", "mem:frame-alloc", "sched:switch", "pipe:write", "pipe:read", "tick",
    };

    /** What arg(0), arg(1), ... mean at each hook, for completion, listings and docs/probes.md. */
    private static final String[] ARGS = {
        "arg0 = system call number, arg1..5 = its arguments",
        "arg0 = system call number, arg1 = its result, arg2 = nanoseconds it took (calls that return without waiting)",
        "arg0 = parent pid, arg1 = child pid, arg2 = fork flags",
        "arg0 = pid killed, arg1 = exit code, arg2 = killer's pid (0: the kernel)",
        "arg0 = pid reaped, arg1 = its exit code",
        "arg0 = 1 if the caller must wait (proc:reap fires when a child is collected for it), 0 if not;"
            + " arg1 = the result when it did not wait (an exit code, or -1: nothing to await)",
        "arg0 = faulting address, arg1 = 1 for a write, 0 for a read",
        "arg0 = frames free before the allocation, arg1 = 1 inside a system call, 2 inside a page fault, 0 otherwise,"
            + " arg2 = the system call's number inside one",
        "arg0 = previous pid (0: idle), arg1 = next pid (0: idle)",
        "arg0 = handle, arg1 = bytes asked, arg2 = bytes written or -errno (calls that return without waiting)",
        "arg0 = handle, arg1 = bytes asked, arg2 = bytes read or -errno (calls that return without waiting)",
        "arg0 = the tick counter",
    };

    /** What a patch may return besides PASS at each hook; null where the hook cannot be patched. */
    private static final String[] LEGAL = {
        "-errno (-1..-4095): the call is not run and returns it; or a result 0..2^31-1",
        "-errno (-1..-4095) or a result 0..2^31-1 replacing the call's result",
        null, null, null, null, null,
        "-errno (-1..-4095): the allocation fails (the caller sees ENOMEM)",
        null, null, null, null,
    };

    private Hooks() {
    }

    /** The hook's id, or -1 if there is no such hook. */
    public static int id(String name) {
        for (int i = 0; i < COUNT; i++) {
            if (NAMES[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public static String name(int id) {
        return NAMES[id];
    }

    public static String args(int id) {
        return ARGS[id];
    }

    public static boolean patchable(int id) {
        return LEGAL[id] != null;
    }

    /** The values a patch may return at a patchable hook, in words; null for a hook that cannot be patched. */
    public static String legalValues(int id) {
        return LEGAL[id];
    }

    /** Whether a patch at hook id may return value (PASS is always legal). */
    public static boolean legal(int id, long value) {
        if (value == Patch.PASS) {
            return true;
        }
        switch (id) {
            case SYSCALL_ENTER:
            case SYSCALL_EXIT:
                return (value < 0 && value >= -MAX_ERRNO) || (value >= 0 && value <= Integer.MAX_VALUE);
            case MEM_FRAME_ALLOC:
                return value < 0 && value >= -MAX_ERRNO;
            default:
                return false;
        }
    }
}
