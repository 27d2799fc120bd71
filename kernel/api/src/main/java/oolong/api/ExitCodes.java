package oolong.api;

/** Exit codes the kernel gives processes it ends itself. */
public final class ExitCodes {
    /** A process killed by a CPU exception exits with FAULT_BASE + the vector (like a shell's 128 + signal). */
    public static final int FAULT_BASE = 128;
    /** The code a kill or a filicide gives when none is named (the seed's -1). */
    public static final int KILLED = -1;
    /** What await returns when there is nothing to await (the seed's ~0). */
    public static final long NOTHING_TO_AWAIT = -1;

    public static final int DIVIDE_ERROR = FAULT_BASE;
    public static final int INVALID_OPCODE = FAULT_BASE + 6;
    public static final int GENERAL_PROTECTION = FAULT_BASE + 13;
    public static final int PAGE_FAULT = FAULT_BASE + 14;
    /**
     * A process killed because a page it touched (demand-zero, copy-on-write) could not get a frame:
     * 137, what a Linux shell shows for the OOM killer's SIGKILL (vector 9 is never raised in long mode).
     */
    public static final int OUT_OF_MEMORY = FAULT_BASE + 9;
    /**
     * A process killed by the kill-at-syscall fault point: 143, what a shell shows for SIGTERM
     * (vector 15 is reserved and never raised), so an injected death is told apart from a filicide.
     */
    public static final int INJECTED_KILL = FAULT_BASE + 15;

    private ExitCodes() {
    }

    public static int fault(int vector) {
        return FAULT_BASE + vector;
    }
}
