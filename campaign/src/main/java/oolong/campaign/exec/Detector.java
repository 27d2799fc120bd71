package oolong.campaign.exec;

/** What noticed that the kernel went wrong. */
public enum Detector {
    /** k.check(): a broken invariant of the process and handle model. */
    CHECK("check"),
    /** The leak counters did not come back to the baseline once the program's processes were gone. */
    LEAK("leak"),
    /** A kernel panic (the seed's, or a Java exception in the kernel loop). */
    PANIC("panic"),
    /** A CPU exception in the kernel (QEMU ended with the kernel's exception report). */
    CPU_EXCEPTION("cpu-exception"),
    /** The agent answered EINTERNAL: an exception inside the kernel while serving a request. */
    KERNEL_ERROR("kernel-error"),
    /** The kernel stopped answering (no ping), or a puppet never came back. */
    HANG("hang"),
    /** An answer or a process state that contradicts the seed's semantics (the host model). */
    SEMANTICS("semantics");

    public final String label;

    Detector(String label) {
        this.label = label;
    }
}
