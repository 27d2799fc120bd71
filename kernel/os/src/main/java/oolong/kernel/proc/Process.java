package oolong.kernel.proc;

import oolong.kernel.platform.UserRegisters;
import oolong.kernel.handle.Handle;
import oolong.kernel.handle.HandleTable;
import oolong.kernel.handle.Pipe;
import oolong.kernel.handle.PipeWaiter;
import oolong.kernel.mem.AddressSpace;
import oolong.kernel.sched.SchedEntity;

/**
 * A process: its place in the tree (parent, first child, next sibling: newest child first, as in
 * the seed), its state, and what it holds. Fields are package-private where only the model may
 * change them; the rest of the kernel reads them through getters.
 *
 * A process is its own scheduling entity ({@link #sched} is this object): one object fewer to
 * allocate, zero, mark and move per process than a separate entity (issue 16's process-model
 * cost). The scheduler still sees only the {@link SchedEntity} part.
 */
public final class Process extends SchedEntity implements PipeWaiter {
    /** The pid (final here; it hides the scheduler's copy, {@code sched.pid}, which holds the same value). */
    final int pid;
    int cid;
    /** The next child id; running past {@link Processes#MAX_CID} is a clean error. */
    int nextCid = 1;
    String program;

    Process parent;
    Process child;
    Process sibling;

    ProcessState state = ProcessState.RUNNING;
    boolean noreap;
    long exitCode;

    /** The address space and how many processes share it (SHAREMEM). */
    /** The address space (null once dead), and its sharing count once it is shared (the seed's pages/pages_refcount). */
    AddressSpace space;
    SharedMemory memoryShare;
    HandleTable handles;
    Handle procfs;
    UserRegisters registers;
    /** The user interrupt handler (0: none). */
    long intrHandler;

    /* while WAITS4PIPE: the pipe, the operation and the user buffer */
    Pipe waitPipe;
    Process nextInPipeQueue;
    boolean pipeWantsRead;
    long pipeBuffer;
    int pipeLength;

    /* while WAITS4TIMER: the deadline, and the next and previous sleepers in deadline order */
    long wakeAt;
    Process nextSleeper;
    Process prevSleeper;

    /* what the last ps saw of it, and the ps generation at which that last changed (TreeChanges) */
    ProcessState seenState;
    String seenProgram;
    long seenPages;
    long seenHandles;
    long seenCpuMicros;
    long seenCode;
    int seenNice;
    int seenWeight;
    boolean seenNoreap;
    long seenChanged;
    boolean seenMarked;

    /** Scheduling data (the scheduler's own): this process itself, seen as its entity. */
    public final SchedEntity sched;
    /** Whatever the kernel core attaches (puppet state, for example). */
    public Object attachment;

    Process(int pid, long nowTick) {
        super(pid, nowTick);
        this.pid = pid;
        this.sched = this;
    }

    public int pid() {
        return pid;
    }

    public int cid() {
        return cid;
    }

    public String program() {
        return program;
    }

    public void setProgram(String program) {
        this.program = program;
    }

    public ProcessState state() {
        return state;
    }

    public boolean alive() {
        return state.alive();
    }

    public boolean noreap() {
        return noreap;
    }

    /** The exit code, meaningful once the process is dead. */
    public long exitCode() {
        return exitCode;
    }

    public Process parent() {
        return parent;
    }

    /** The newest child; older ones follow through {@link #sibling()}. */
    public Process firstChild() {
        return child;
    }

    public Process sibling() {
        return sibling;
    }

    public int depth() {
        int d = 0;
        for (Process p = parent; p != null; p = p.parent) {
            d++;
        }
        return d;
    }

    /** The address space, or null once the process has died. */
    public AddressSpace addressSpace() {
        return space;
    }

    public boolean sharesMemory() {
        return memoryShare != null && memoryShare.sharers > 1;
    }

    public HandleTable handleTable() {
        return handles;
    }

    public UserRegisters registers() {
        return registers;
    }

    public long intrHandler() {
        return intrHandler;
    }

    public Pipe waitPipe() {
        return waitPipe;
    }

    public long wakeAt() {
        return wakeAt;
    }

    /** The next process waiting on the same pipe. */
    @Override
    public Process nextWaiter() {
        return nextInPipeQueue;
    }

    @Override
    public void setNextWaiter(PipeWaiter next) {
        nextInPipeQueue = (Process) next;
    }

    @Override
    public String toString() {
        return "pid " + pid + (program != null ? " (" + program + ")" : "") + " " + state;
    }
}
