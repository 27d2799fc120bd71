package oolong.user.sys;

/** Kinds of deliberate faults for {@link Sys#crash}, each raising one CPU exception in ring 3. */
public final class Crash {
    /** Read from an unmapped page: #PF (14). */
    public static final int PAGE_FAULT = 1;
    /** Read from a non-canonical address: #GP (13). */
    public static final int GENERAL_PROTECTION = 2;
    /** Execute ud2: #UD (6). */
    public static final int INVALID_OPCODE = 3;
    /** Divide by zero in C: #DE (0). */
    public static final int DIVIDE_ERROR = 4;
    /** Execute a privileged instruction (hlt) in ring 3: #GP (13). */
    public static final int PRIVILEGED = 5;
    /** Write to a port without I/O permission: #GP (13). */
    public static final int PORT_IO = 6;
    /** Write to the kernel's memory (below 1 GiB): #PF (14). */
    public static final int KERNEL_WRITE = 7;
    /** Recurse without end: the stack reaches its guard page, #PF (14) (docs/memory.md). */
    public static final int STACK_OVERFLOW = 8;

    private Crash() {
    }
}
