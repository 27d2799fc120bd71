package oolong.kernel.fault;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The kernel's fault points, switched on and off from the REPL through the agent. Each site in
 * the kernel asks its point; the failure path it opens must be handled like any real failure.
 */
public final class FaultPoints {
    /**
     * A physical frame allocation fails (page tables, user pages, copy-on-write copies, saved
     * registers). Parameter: 0 any allocation, 1 only inside a system call (the call returns
     * ENOMEM), 2 only for a user page fault (the process is killed, exit 137, like Linux's OOM).
     */
    public final FaultPoint frameAllocation = new FaultPoint("frames",
            "physical frame allocation fails (parameter 1: in system calls only, 2: in page faults only)",
            "0 any allocation, 1 in system calls, 2 in page faults", 0, 2, 0);
    /** Creating a process fails as if the kernel heap were exhausted (fork and spawn). */
    public final FaultPoint processAllocation = new FaultPoint("process-alloc",
            "kernel memory for a new process is refused (fork, spawn)");
    /** A process is killed when it makes a system call (parameter: only this syscall number; 0: any). */
    public final FaultPoint killAtSyscall = new FaultPoint("kill-at-syscall",
            "the calling process is killed on entry to a system call",
            "a system call number, 0 for any", 0, Integer.MAX_VALUE, 0);
    /** A pipe write is dropped: the writer is told it succeeded, the reader gets nothing. */
    public final FaultPoint pipeDrop = new FaultPoint("pipe-drop",
            "a pipe write is silently dropped");
    /** A pipe write is truncated to `parameter` bytes (default 1). */
    public final FaultPoint pipeTruncate = new FaultPoint("pipe-truncate",
            "a pipe write delivers only its first bytes", "bytes kept", 1, Integer.MAX_VALUE, 1);
    /** A timer tick is skipped: no accounting, no wake-ups, no preemption for that tick. */
    public final FaultPoint tickSkip = new FaultPoint("tick-skip",
            "a timer tick is ignored");
    /** A timer tick is delayed by `parameter` ticks before it is processed. */
    public final FaultPoint tickDelay = new FaultPoint("tick-delay",
            "a timer tick is processed late", "delay in ticks", 1, MAX_TICK_DELAY, 1);

    /** The longest tick delay: 1000 s at the default 100 Hz (a longer one is a frozen clock, not a delay). */
    public static final long MAX_TICK_DELAY = 100_000;

    /** The kernel spins forever at a timer tick (KernelSpin): a hung kernel, for practising diagnosis. */
    public final FaultPoint kernelSpin = new FaultPoint("kernel-spin",
            "the kernel hangs: it spins forever in a loop at a timer tick");

    private final List<FaultPoint> all;

    public FaultPoints() {
        List<FaultPoint> l = new ArrayList<>();
        l.add(frameAllocation);
        l.add(processAllocation);
        l.add(killAtSyscall);
        l.add(pipeDrop);
        l.add(pipeTruncate);
        l.add(tickSkip);
        l.add(tickDelay);
        l.add(kernelSpin);
        all = Collections.unmodifiableList(l);
    }

    public List<FaultPoint> all() {
        return all;
    }

    public FaultPoint byName(String name) {
        for (FaultPoint p : all) {
            if (p.name.equals(name)) {
                return p;
            }
        }
        return null;
    }

    public void clear() {
        for (FaultPoint p : all) {
            p.disable();
        }
    }
}
