package oolong.kernel.proc;

import oolong.kernel.plant.PlantedBugs;
import oolong.kernel.error.KernelPanic;
import oolong.kernel.error.KernelBug;
import oolong.kernel.platform.UserRegisters;
import oolong.api.Errno;
import oolong.api.ExitCodes;
import oolong.api.ForkFlags;
import oolong.kernel.fault.FaultPoint;
import oolong.kernel.handle.Handles;
import oolong.kernel.mem.AddressSpace;

/**
 * The process model of the seed (Camellia's proc.c), the Java way: the tree, the state machine,
 * fork, kill, filicide, tryreap, await, the forgotten list freed at safe points, the pre-order
 * walk. Handle ids ({@link HandleIds}), user interrupts ({@link UserInterrupts}), pipes ({@link Pipes}) and
 * the timer queue ({@link Sleepers}) are parts of it in files of their own; {@link Invariants} checks it all.
 *
 * Blocking follows the seed: a system call that must wait changes the caller's state and returns
 * {@link #BLOCKED}; whoever later ends the wait stores the result in the process's registers
 * ({@link UserRegisters#setReturnValue}) and makes it RUNNING again.
 */
public final class Processes {
    /** A system call's "no result yet: the caller now waits". */
    public static final long BLOCKED = Long.MIN_VALUE;
    /** Child ids are positive ints; a parent that used them all cannot fork again. */
    public static final int MAX_CID = Integer.MAX_VALUE;

    private final ProcessHooks hooks;
    private final Handles handles = new Handles();
    private final PidIndex byPid = new PidIndex();
    private Process init;
    private Process forgotten;
    private int nextPid = 1;
    private long now;
    private int maxCid = MAX_CID;

    private long liveProcesses;
    private long runnableProcesses;
    private long addressSpaces;
    private long created;
    private long freed;
    private FaultPoint processAllocationFault;
    private final Pipes pipes = new Pipes(this, handles);
    private final Sleepers sleepers = new Sleepers(this);
    private final HandleIds handleIds = new HandleIds(handles);
    private final TreeChanges changes = new TreeChanges();

    public Processes(ProcessHooks hooks) {
        this.hooks = hooks;
    }

    /** Fault points this model consults (null: none). */
    public void setFaultPoints(FaultPoint processAllocation, FaultPoint pipeDrop, FaultPoint pipeTruncate) {
        this.processAllocationFault = processAllocation;
        pipes.setFaultPoints(pipeDrop, pipeTruncate);
    }

    /** The pipes between processes: creating them, reading, writing. */
    public Pipes pipes() {
        return pipes;
    }

    /** The timer queue: sleeping, waking the processes whose time has come. */
    public Sleepers sleepers() {
        return sleepers;
    }

    /** For tests: a lower child-id limit, to reach exhaustion quickly. */
    void setMaxCid(int maxCid) {
        this.maxCid = maxCid;
    }

    /** The current time in the units the timers use (nanoseconds since boot in the kernel). */
    public void setNow(long now) {
        this.now = now;
    }

    /** A process's handle ids: resolving them (with the two special ids), dup, close. */
    public HandleIds handleIds() {
        return handleIds;
    }

    public Handles handles() {
        return handles;
    }

    /** What changed in the tree since a generation (the agent's incremental ps). */
    public TreeChanges changes() {
        return changes;
    }

    public Process init() {
        return init;
    }

    public Process byPid(int pid) {
        return byPid.get(pid);
    }

    // ------------------------------------------------------------------ the state machine

    /** Every state change goes through here, and only the seed's transitions are legal. */
    public void setState(Process p, ProcessState next) {
        ProcessState cur = p.state;
        if (cur == ProcessState.FREED) {
            throw new KernelBug(p + ": state change after it was freed");
        }
        boolean legal = (next.legalFrom & cur.bit) != 0;
        if (legal && next == ProcessState.TOREAP) {
            legal = p.parent == null || p.parent.alive();
            for (Process c = p.child; legal && c != null; c = c.sibling) {
                legal = c.state != ProcessState.TOREAP;
            }
        }
        if (!legal) {
            throw new KernelBug(p + ": illegal transition " + cur + " -> " + next);
        }
        boolean wasRunnable = cur == ProcessState.RUNNING;
        p.state = next;
        changes.mark(p);
        boolean runnable = next == ProcessState.RUNNING;
        if (wasRunnable != runnable) {
            if (runnable) {
                p.sched.runnableSinceTick = p.sched.lastRunTick < 0 ? p.sched.createdTick : p.sched.runnableSinceTick;
            }
            runnableChanged(p, runnable);
        }
    }

    /** Counts RUNNING processes (the scheduler's walk stops once it has seen them all) and tells the hooks. */
    private void runnableChanged(Process p, boolean runnable) {
        runnableProcesses += runnable ? 1 : -1;
        hooks.runnableChanged(p, runnable);
    }

    /** Processes in state RUNNING now. */
    public long runnableProcesses() {
        return runnableProcesses;
    }

    /** Wakes a waiting process with a system-call result. */
    void wake(Process p, long result) {
        p.registers.setReturnValue(result);
        setState(p, ProcessState.RUNNING);
    }

    // ------------------------------------------------------------------ creation

    /** Creates init, the root of the tree (the seed's proc_seed). */
    public Process seed(String program, AddressSpace space, UserRegisters registers) {
        if (init != null) {
            throw new KernelBug("seed called twice");
        }
        Process p = newProcess();
        p.cid = 1;
        p.program = program;
        p.space = space;
        addressSpaces++;
        p.handles = handles.newTable();
        p.registers = registers;
        init = p;
        runnableChanged(p, true);
        return p;
    }

    private Process newProcess() {
        Process p = new Process(nextPid++, 0);
        byPid.put(p.pid, p);
        liveProcesses++;
        created++;
        return p;
    }

    /** The outcome of fork or spawn: the child, or a negative errno. */
    public static final class Result {
        public final Process process;
        public final int error;

        Result(Process process, int error) {
            this.process = process;
            this.error = error;
        }

        /** A failure: no process, the negative errno. */
        public static Result failed(int error) {
            return new Result(null, error);
        }

        public boolean ok() {
            return process != null;
        }
    }

    /**
     * Forks a child of the parent with the seed's flags: NOREAP, SHAREMEM (the address space is
     * shared and refcounted; otherwise copied), SHAREHANDLE (the table is shared; otherwise copied,
     * every handle gaining a reference). NEWFS is not supported yet (-ENOTSUP). The child gets a
     * copy of the registers with return value 0; the caller sets the parent's.
     */
    public Result fork(Process parent, int flags) {
        int refused = forkRefusal(parent, flags);
        if (refused != 0) {
            return Result.failed(refused);
        }
        Process child = newChild(parent, flags);
        return child != null ? new Result(child, 0) : Result.failed(-Errno.ENOMEM);
    }

    /**
     * {@link #fork} without a result object, for the system call's path (which allocates nothing
     * per call) and the model benchmark: the child's pid, or the negative errno.
     */
    public int forkPid(Process parent, int flags) {
        int refused = forkRefusal(parent, flags);
        if (refused != 0) {
            return refused;
        }
        Process child = newChild(parent, flags);
        return child != null ? child.pid : -Errno.ENOMEM;
    }

    /** Why this fork cannot start (a negative errno), or 0; consults the allocation fault point once. */
    private int forkRefusal(Process parent, int flags) {
        if (!parent.alive() || parent.state != ProcessState.RUNNING) {
            throw new KernelBug("fork from " + parent);
        }
        if ((flags & ~(ForkFlags.NOREAP | ForkFlags.SHAREMEM | ForkFlags.SHAREHANDLE | ForkFlags.NEWFS)) != 0) {
            return -Errno.EINVAL;
        }
        if ((flags & ForkFlags.NEWFS) != 0) {
            return -Errno.ENOTSUP;
        }
        if (parent.nextCid <= 0 || parent.nextCid > maxCid) {
            return -Errno.EAGAIN;
        }
        if (processAllocationFault != null && processAllocationFault.shouldFail(parent.pid)) {
            return -Errno.ENOMEM;
        }
        return 0;
    }

    /** The child of a fork that passed {@link #forkRefusal}, or null when memory ran out (nothing kept). */
    private Process newChild(Process parent, int flags) {
        UserRegisters regs = parent.registers.copy();
        if (regs == null) {
            return null;
        }
        AddressSpace space;
        SharedMemory share = null;
        if ((flags & ForkFlags.SHAREMEM) != 0) {
            space = parent.space;
            share = parent.memoryShare;
            if (share == null) {
                share = new SharedMemory(space);
                parent.memoryShare = share;
            }
            share.sharers++;
        } else {
            space = parent.space.fork();
            if (space == null) {
                regs.release();
                return null;
            }
            addressSpaces++;
        }
        Process child = newProcess();
        child.space = space;
        child.memoryShare = share;
        child.registers = regs;
        regs.setReturnValue(0);
        child.program = parent.program;
        child.intrHandler = parent.intrHandler;
        child.noreap = (flags & ForkFlags.NOREAP) != 0;
        child.sched.nice = parent.sched.nice;
        child.sched.weight = parent.sched.weight;
        if ((flags & ForkFlags.SHAREHANDLE) != 0) {
            child.handles = parent.handles;
            child.handles.share();
        } else {
            child.handles = parent.handles.copy();
        }
        adopt(parent, child);
        runnableChanged(child, true);
        return child;
    }

    /**
     * A new process running a fresh program image (spawn): a child of the parent with its own
     * address space, registers and an empty handle table.
     */
    public Result spawn(Process parent, String program, AddressSpace space, UserRegisters registers) {
        if (!parent.alive()) {
            return new Result(null, -Errno.ESRCH);
        }
        if (parent.nextCid <= 0 || parent.nextCid > maxCid) {
            return new Result(null, -Errno.EAGAIN);
        }
        if (processAllocationFault != null && processAllocationFault.shouldFail(parent.pid)) {
            return new Result(null, -Errno.ENOMEM);
        }
        Process child = newProcess();
        child.program = program;
        child.space = space;
        addressSpaces++;
        child.registers = registers;
        child.handles = handles.newTable();
        adopt(parent, child);
        runnableChanged(child, true);
        return new Result(child, 0);
    }

    private void adopt(Process parent, Process child) {
        changes.mark(child);
        child.parent = parent;
        child.sibling = parent.child;
        parent.child = child;
        child.cid = parent.nextCid++;
        child.sched.createdTick = parent.sched.lastRunTick;
    }

    // ------------------------------------------------------------------ death

    /** Drops a process's use of its address space; true when it was the last user (the seed's unref). */
    private static boolean unref(Process p) {
        SharedMemory share = p.memoryShare;
        if (share == null) {
            return true;
        }
        share.sharers--;
        return share.sharers == 0;
    }

    /**
     * Kills a process (the seed's proc_kill): releases what it holds (its wait, its handles and its
     * address space when it was the last sharer), records the code, turns TOREAP children into
     * tombstones (their parent can no longer collect them), becomes TOREAP if its parent is alive
     * or TOMBSTONE otherwise, and tries to reap itself. Killing init while it has children is a
     * panic; init dying last shuts the machine down.
     */
    public void kill(Process p, long code) {
        if (p.alive()) {
            if (p.state == ProcessState.WAITS4PIPE) {
                pipes.cancelWait(p);
            } else if (p.state == ProcessState.WAITS4TIMER) {
                sleepers.remove(p);
            }
            if (p.handles.unshare()) {
                /* the last sharer: unshare() closed every handle */
            }
            p.handles = null;
            setState(p, ProcessState.DYING);
            p.exitCode = code;
            for (Process it = p.child; it != null;) {
                Process next = it.sibling;
                if (it.state == ProcessState.TOREAP) {
                    tryReap(it);
                }
                it = next;
            }
            if (unref(p)) {
                p.space.free();
                addressSpaces--;
            }
            p.space = null;
            p.memoryShare = null;
            liveProcesses--;
            hooks.exited(p, code);
        }
        if (p.state == ProcessState.DYING) {
            setState(p, p.parent != null && p.parent.alive() ? ProcessState.TOREAP : ProcessState.TOMBSTONE);
        }
        if (p == init && p.child != null) {
            hooks.panic("init killed prematurely (it still has children)");
            throw new KernelPanic("init killed prematurely");
        }
        tryReap(p);
        if (p == init) {
            freeForgotten();
            hooks.shutdown(p.exitCode);
        }
    }

    /**
     * Kills every descendant of the parent, deepest first (the seed's proc_filicide): grandchildren
     * and below are marked NOREAP (nobody will collect them); the direct children die normally so
     * the parent can still await them.
     */
    public int filicide(Process parent, long code) {
        int killed = 0;
        for (Process child = parent.child, next; child != null; child = next) {
            next = child.sibling;
            while (child.child != null) {
                Process p = child.child;
                while (p.child != null) {
                    p = p.child;
                }
                p.noreap = true;
                if (p.alive()) {
                    killed++;
                }
                kill(p, code);
            }
            if (child.alive()) {
                kill(child, code);
                killed++;
            }
        }
        return killed;
    }

    /**
     * Tries to reap a dead process (the seed's proc_tryreap): a TOREAP process whose parent is
     * alive and awaiting hands it its code; otherwise it stays TOREAP until the parent awaits.
     * Once reaped (or NOREAP) it is a TOMBSTONE, kept while it has children; a childless
     * tombstone leaves the tree (FORGOTTEN, freed at the next safe point), and if its parent is
     * dead too, the parent is tried next.
     */
    public void tryReap(Process dead) {
        if (dead.alive()) {
            throw new KernelBug("tryReap of a live process: " + dead);
        }
        Process parent = dead.parent;
        if (dead.state == ProcessState.TOREAP) {
            if (!dead.noreap && parent != null && parent.alive() && parent.state != ProcessState.DYING) {
                if (parent.state != ProcessState.WAITS4CHILDDEATH) {
                    return;      /* not yet: the parent will await it */
                }
                wake(parent, dead.exitCode);
                hooks.reaped(parent, dead, dead.exitCode);
            }
            setState(dead, ProcessState.TOMBSTONE);
            dead.noreap = true;
        }
        if (dead.state != ProcessState.TOMBSTONE) {
            throw new KernelBug("tryReap ended with " + dead);
        }
        if (dead.child != null) {
            return;              /* keep the tombstone while it has children */
        }
        if (dead.procfs != null) {
            handles.release(dead.procfs);
            dead.procfs = null;
        }
        if (parent != null) {
            forget(dead);
            if (PlantedBugs.reap && parent.state == ProcessState.TOMBSTONE && parent.parent != null
                    && parent.parent.alive()) {
                /* PLANTED BUG (plant=reap, test only; see PlantedBugs): the tombstone stays, childless, in the tree */
                return;
            }
            if (!parent.alive()) {
                tryReap(parent);
            }
        }
    }

    /** Removes a childless tombstone from the tree; it is freed at the next safe point. */
    private void forget(Process p) {
        Process parent = p.parent;
        if (parent.child == p) {
            parent.child = p.sibling;
        } else {
            Process prev = parent.child;
            while (prev.sibling != p) {
                prev = prev.sibling;
                if (prev == null) {
                    throw new KernelBug(p + " is not among its parent's children");
                }
            }
            prev.sibling = p.sibling;
        }
        p.parent = null;
        p.sibling = forgotten;
        forgotten = p;
        changes.removed(p.pid);
        setState(p, ProcessState.FORGOTTEN);
    }

    /** Frees every forgotten process: call where no pointers to them can remain (the scheduler's safe point). */
    public int freeForgotten() {
        int n = 0;
        while (forgotten != null) {
            Process p = forgotten;
            forgotten = p.sibling;
            p.sibling = null;
            setState(p, ProcessState.FREED);
            byPid.remove(p.pid);
            if (p.registers != null) {
                p.registers.release();
                p.registers = null;
            }
            freed++;
            n++;
        }
        return n;
    }

    // ------------------------------------------------------------------ await

    /**
     * The seed's await: the exit code of a reapable child (collected at once if one is TOREAP);
     * {@link ExitCodes#NOTHING_TO_AWAIT} at once when no child can ever be collected (tombstones
     * and NOREAP children do not count); otherwise the caller waits ({@link #BLOCKED}).
     */
    public long await(Process p) {
        setState(p, ProcessState.WAITS4CHILDDEATH);
        boolean hasChildren = false;
        for (Process it = p.child; it != null; it = it.sibling) {
            if (it.noreap) {
                continue;
            }
            hasChildren = true;
            if (it.state == ProcessState.TOREAP) {
                tryReap(it);              /* delivers the code and makes p RUNNING */
                return p.registers.returnValue();
            }
        }
        if (!hasChildren) {
            setState(p, ProcessState.RUNNING);
            return ExitCodes.NOTHING_TO_AWAIT;
        }
        return BLOCKED;
    }

    // ------------------------------------------------------------------ the walk

    /**
     * The next process in pre-order (the seed's proc_next), within root's subtree when root is
     * given:
     * <pre>
     *        1
     *      /   \
     *     2     5
     *    / \   / \
     *   3   4 6   7
     * </pre>
     * From 4 the walk climbs to 2 and goes on with its sibling 5.
     */
    public static Process next(Process p, Process root) {
        if (p == null) {
            return null;
        }
        if (p.child != null) {
            return p.child;
        }
        if (p == root) {
            return null;
        }
        if (p.sibling != null) {
            return p.sibling;
        }
        while (p.sibling == null) {
            p = p.parent;
            if (p == null || p == root) {
                return null;
            }
        }
        return p.sibling;
    }

    // ------------------------------------------------------------------ counters

    public long liveProcesses() {
        return liveProcesses;
    }

    public long addressSpaces() {
        return addressSpaces;
    }

    public long processesCreated() {
        return created;
    }

    public long processesFreed() {
        return freed;
    }

    /** Processes still in the pid map (alive, dead but kept, forgotten but not yet freed). */
    public int knownProcesses() {
        return byPid.size();
    }

    Process forgottenList() {
        return forgotten;
    }


    PidIndex pidIndex() {
        return byPid;
    }
}
