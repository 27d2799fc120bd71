package oolong.kernel.core;

import static oolong.kernel.probe.Extensions.FAULT_HOOK;
import static oolong.kernel.probe.Extensions.FRAME_ALLOC_HOOK;
import static oolong.kernel.probe.Extensions.KILL_HOOK;
import static oolong.kernel.probe.Extensions.REAP_HOOK;
import static oolong.kernel.probe.Extensions.SWITCH_HOOK;
import static oolong.kernel.probe.Extensions.TICK_HOOK;

import oolong.api.ExitCodes;
import oolong.api.probe.Hooks;
import oolong.api.probe.Patch;
import oolong.api.sched.vm.PolicyInterpreter;
import oolong.api.sched.Policy;
import oolong.api.sched.jit.CompiledPolicy;
import oolong.api.sched.vm.PolicyVerifier;
import oolong.api.sched.vm.VerifiedPolicy;
import oolong.kernel.log.Log;
import oolong.kernel.exec.ProgramLoader;
import oolong.kernel.fault.FaultPoint;
import oolong.kernel.fault.FaultPoints;
import oolong.kernel.mem.Fault;
import oolong.kernel.mem.MemoryManager;
import oolong.kernel.mem.UserAddressSpace;
import oolong.kernel.platform.CodeMemory;
import oolong.kernel.platform.Platform;
import oolong.kernel.probe.Extension;
import oolong.kernel.probe.Extensions;
import oolong.kernel.platform.UserRegisters;
import oolong.kernel.proc.Process;
import oolong.kernel.proc.ProcessHooks;
import oolong.kernel.proc.ProcessState;
import oolong.kernel.proc.Processes;
import oolong.kernel.sched.BuiltInPolicies;
import oolong.kernel.sched.SchedEntity;
import oolong.kernel.sched.Scheduler;
import oolong.kernel.sched.StallFreeClock;
import oolong.kernel.sched.SeedPolicy;

/**
 * The running kernel: the process model, memory, the scheduler and the system calls, tied to the
 * machine through the {@link Platform} seam. {@link #runOnce} is one turn of the kernel loop's
 * work: pick a process, run it until it traps, handle the trap.
 */
public final class Machine implements ProcessHooks {
    /** Receives what the agent should push to the host. */
    public interface Events {
        void processExited(Process p, long code);

        void policyChanged(String from, String to, String reason);

        /** A probe or patch was detached by the kernel (a fault, an illegal value, the CPU bound). */
        void extensionDetached(Extension e, String reason);

        void panic(String message);
    }

    public final Processes processes = new Processes(this);
    public final Platform platform;
    public final MemoryManager memory;
    public final ProgramLoader loader;
    public final FaultPoints faults = new FaultPoints();
    /** Probes and patches at the kernel's hook points (docs/probes.md). */
    public final Extensions extensions;
    public final Scheduler scheduler;
    /** Compiles installed policies (or not), and keeps what it cost. */
    public final PolicyCompilation compilation = new PolicyCompilation();
    public final Syscalls syscalls;
    public final Puppets puppets;
    public final oolong.kernel.sched.Timeline timeline = new oolong.kernel.sched.Timeline();
    private Events events;

    private Process current;
    private Process last;
    private long sliceEndTick;
    /** When the running process was last picked: no process runs longer than the scheduler's max slice without a new decision. */
    private long sliceStartNanos;
    private boolean preempt;
    private long contextSwitches;
    private long runs;
    private long userNanos;
    private long lastTick;
    private long ticksSkipped;
    private long ticksDelayedUntil = -1;
    private int runnableCount;
    /** Whom the kernel allocates for when no process is current (a spawn asked by the agent): a pid, or 0. */
    private int actingFor;

    /** What the kernel is doing for the current process: {@link #IN_SYSCALL}, {@link #IN_PAGE_FAULT} or 0. */
    private int working;

    /** The frames fault point's parameter: which allocations it may fail. */
    public static final int FRAMES_ANY = 0;
    /** Only frames allocated inside a system call (memflag, fork, pipe, spawn, copy-in/out...). */
    public static final int IN_SYSCALL = 1;
    /** Only frames for a user page fault (demand-zero pages, copy-on-write copies, their page tables). */
    public static final int IN_PAGE_FAULT = 2;

    /** The scheduler's clock: the kernel's, without the stretches the guest could not run (host stalls). */
    public final StallFreeClock schedulerClock;

    public Machine(Platform platform, MemoryManager memory, ProgramLoader loader) {
        this.platform = platform;
        this.schedulerClock = new StallFreeClock(platform::clockNanos);
        this.memory = memory;
        this.loader = loader;
        this.scheduler = new Scheduler(this::collectRunnable, new SeedPolicy(), "seed");
        this.extensions = new Extensions(platform::clockNanos);
        extensions.setCompiler(compilation);               /* probes and patches compiled at attach, as policies at install */
        extensions.setListener((e, reason) -> {
            Log.println("probe: " + e.name + " detached from " + e.hookName() + ": " + reason);
            if (events != null) {
                events.extensionDetached(e, reason);
            }
        });
        scheduler.setClock(schedulerClock);
        this.syscalls = new Syscalls(this);
        this.puppets = new Puppets(this);
        processes.setFaultPoints(faults.processAllocation, faults.pipeDrop, faults.pipeTruncate);
        memory.frames().setFailureHook(this::failFrameAllocation);
        scheduler.setListener((from, to, reason) -> {
            if (events != null) {
                events.policyChanged(from, to, reason);
            }
            if (!reason.equals("installed")) {
                Log.println("sched: " + from + " removed, back to " + to + ": " + reason);
            }
        });
    }

    public void setEvents(Events events) {
        this.events = events;
    }

    /** Starts init with the given arguments (argv[0] is "init"); false when it could not be loaded. */
    public boolean startInit(String[] argv) {
        ProgramLoader.Loaded image = loader.load(argv);
        if (!image.ok()) {
            Log.println("init: cannot load the user image (" + oolong.kernel.mem.MemStatus.name(image.error) + ")");
            return false;
        }
        UserRegisters regs = platform.newUserRegisters(memory.frames(), image.entry, image.stackPointer);
        if (regs == null) {
            image.space.free();
            return false;
        }
        regs.set(UserRegisters.RDI, image.argc);
        regs.set(UserRegisters.RSI, image.argv);
        processes.seed(argv[0], image.space, regs);
        return true;
    }

    /** Starts a program as a child of parent: the new process, or the negative errno why not. */
    public Processes.Result spawn(Process parent, String[] argv) {
        if (argv.length == 0 || !oolong.api.Programs.exists(argv[0])) {
            return Processes.Result.failed(-oolong.api.Errno.ENOENT);
        }
        /* the frames of a spawn are the parent's doing (also when the REPL asks): fault points see its pid */
        int before = actingFor;
        int wasWorking = working;
        actingFor = parent.pid();
        if (current == null) {
            working = IN_SYSCALL;      /* the agent's spawn stands for the parent's spawn call */
        }
        ProgramLoader.Loaded image;
        UserRegisters regs;
        try {
            image = loader.load(argv);
            regs = !image.ok() ? null : platform.newUserRegisters(memory.frames(), image.entry, image.stackPointer);
        } finally {
            actingFor = before;
            working = wasWorking;
        }
        if (!image.ok()) {
            return Processes.Result.failed(image.error);
        }
        if (regs == null) {
            image.space.free();
            return Processes.Result.failed(-oolong.api.Errno.ENOMEM);
        }
        regs.set(UserRegisters.RDI, image.argc);
        regs.set(UserRegisters.RSI, image.argv);
        Processes.Result r = processes.spawn(parent, argv[0], image.space, regs);
        if (!r.ok()) {
            regs.release();
            image.space.free();
        }
        return r;
    }

    // ------------------------------------------------------------------ the scheduler's view

    /**
     * The runnable processes in the seed's pre-order, for the scheduler. The walk stops once it has
     * seen every RUNNING process (the model counts them), so a decision costs the distance to the
     * last runnable one, not the size of the tree: thousands of sleepers after it cost nothing.
     */
    private int collectRunnable(SchedEntity[] out) {
        int n = 0;
        long runnable = processes.runnableProcesses();
        for (Process p = processes.init(); p != null && n < out.length && n < runnable; ) {
            if (p.state() == ProcessState.RUNNING) {
                SchedEntity e = p.sched;
                Process parent = p.parent();
                e.ppid = parent == null ? 0 : parent.pid();
                e.depth = p.depth();
                out[n++] = e;
            }
            p = Processes.next(p, null);
        }
        runnableCount = n;
        return n;
    }

    private Process processOf(SchedEntity e) {
        return processes.byPid(e.pid);
    }

    /**
     * The frame allocator's failure hook: the "frames" fault point, in scope of the process the
     * kernel is working for (pid 0 for the agent and the loop). Its parameter narrows it to
     * allocations inside system calls or inside page faults; other allocations are not even hits.
     */
    private boolean failFrameAllocation() {
        if ((extensions.armed & FRAME_ALLOC_HOOK) != 0 && extensions.fire(Hooks.MEM_FRAME_ALLOC,
                current != null ? current.pid() : actingFor, memory.frames().freeFrames(), working,
                working == IN_SYSCALL && current != null ? current.registers().get(UserRegisters.RAX) : 0) != Patch.PASS) {
            return true;      /* a patch made it fail; Hooks.legal let only an errno through */
        }
        FaultPoint f = faults.frameAllocation;
        long only = f.parameter();
        if (f.enabled() && only != FRAMES_ANY && only != working) {
            return false;
        }
        return f.shouldFail(current != null ? current.pid() : actingFor);
    }

    // ------------------------------------------------------------------ time

    /** Timer interrupts since the last call were taken: advance time, wake sleepers, end slices. */
    /**
     * The process a timer tick interrupted, for the tick fault points' scope: ticks are handled in
     * the kernel loop after the process has trapped, so this is the one that ran last if it still
     * runs (0 when the CPU was idle or in the kernel).
     */
    private int tickedPid() {
        if (current != null) {
            return current.pid();
        }
        return last != null && last.state() == ProcessState.RUNNING ? last.pid() : 0;
    }

    public void tick() {
        long ticks = platform.timerTicks();
        if (ticks == lastTick) {
            return;
        }
        schedulerClock.observeTick();
        int ticked = tickedPid();
        if (faults.kernelSpin.shouldFail(ticked)) {
            oolong.kernel.fault.KernelSpin.forever(platform);
        }
        if (faults.tickSkip.shouldFail(ticked)) {
            ticksSkipped++;
            lastTick = ticks;
            scheduler.excuseWaitsUntilNow();     /* no preemption now is the fault point's doing, not the policy's */
            return;
        }
        if (ticksDelayedUntil < 0 && faults.tickDelay.shouldFail(ticked)) {
            ticksDelayedUntil = ticks + Math.max(1, faults.tickDelay.parameter());
        }
        if (ticksDelayedUntil >= 0) {
            if (ticks < ticksDelayedUntil) {
                scheduler.excuseWaitsUntilNow();
                return;
            }
            ticksDelayedUntil = -1;
        }
        lastTick = ticks;
        scheduler.tick(ticks);
        extensions.setNow(ticks);
        if ((extensions.armed & TICK_HOOK) != 0) {
            extensions.fire(Hooks.TICK, ticked, ticks, 0, 0);
        }
        long now = platform.clockNanos();
        processes.setNow(now);
        processes.sleepers().wakeDue(now);
        if (ticks >= sliceEndTick || now - sliceStartNanos >= scheduler.maxSliceNanos()) {
            preempt = true;      /* the slice is over, or has lasted as long as any slice may */
        }
    }

    // ------------------------------------------------------------------ one turn

    /**
     * Frees forgotten processes (a safe point: no Java code holds one), picks a process and runs
     * it until it traps. Returns false when nothing can run (the caller idles).
     */
    public boolean runOnce() {
        processes.freeForgotten();
        processes.setNow(platform.clockNanos());
        processes.sleepers().wakeDue(platform.clockNanos());
        Process p = last;
        if (p == null || p.state() != ProcessState.RUNNING || preempt) {
            preempt = false;
            SchedEntity e = scheduler.pick(p == null ? null : p.sched);
            if (e == null) {
                last = null;
                timeline.record(platform.timerTicks(), 0);      /* pid 0: the CPU idles */
                return false;
            }
            p = processOf(e);
            sliceEndTick = platform.timerTicks() + scheduler.sliceOf(e);
            sliceStartNanos = platform.clockNanos();
        }
        if (p != last) {
            if ((extensions.armed & SWITCH_HOOK) != 0) {
                extensions.fire(Hooks.SCHED_SWITCH, p.pid(), last == null ? 0 : last.pid(), p.pid(), 0);
            }
            contextSwitches++;
            timeline.record(platform.timerTicks(), p.pid());
        }
        last = p;
        run(p);
        return true;
    }

    private void run(Process p) {
        UserAddressSpace space = (UserAddressSpace) p.addressSpace();
        if (memory.current() != space) {
            space.activate();
        }
        current = p;
        platform.setCurrentPid(p.pid());
        UserRegisters regs = p.registers();
        int event;
        do {
            long t0 = platform.clockNanos();
            event = platform.enterUser(regs);
            long spent = platform.clockNanos() - t0;
            p.sched.cpuNanos += spent;
            userNanos += spent;
            runs++;
            switch (event) {
                case Platform.TRAP_SYSCALL -> {
                    working = IN_SYSCALL;
                    syscalls.dispatch(p, regs);
                }
                case Platform.TRAP_INTERRUPT -> { }      /* the loop handles recorded interrupts next */
                case Platform.TRAP_FAULT -> fault(p, regs);
                default -> throw new oolong.kernel.error.KernelBug("unknown event " + event + " from runUser");
            }
            working = 0;
        } while (event == Platform.TRAP_SYSCALL && continuesAfterSyscall(p));
        current = null;
        platform.setCurrentPid(0);
    }

    /**
     * After a system call the process goes straight back to user mode, without a turn of the
     * kernel loop, when that turn would change nothing: the process is still RUNNING, no
     * reschedule is asked, no interrupt waits (the timer's tick and the agent's requests come as
     * interrupts), the machine is not held and no sleeper is due. The safe point's work (freeing
     * forgotten processes) is done here as the turn would do it.
     */
    private boolean continuesAfterSyscall(Process p) {
        if (p.state() != ProcessState.RUNNING || preempt || held != null || platform.pendingInterrupts() != 0) {
            return false;
        }
        long wakeup = processes.sleepers().nextDeadline();
        if (wakeup != Long.MAX_VALUE && wakeup <= platform.clockNanos()) {
            return false;
        }
        processes.freeForgotten();
        return true;
    }

    private void fault(Process p, UserRegisters regs) {
        int vector = (int) regs.get(UserRegisters.VECTOR);
        long error = regs.get(UserRegisters.ERROR);
        long address = regs.get(UserRegisters.CR2);
        if (vector == 14) {
            if ((extensions.armed & FAULT_HOOK) != 0) {
                extensions.fire(Hooks.MEM_FAULT, p.pid(), address, (error & 2) != 0 ? 1 : 0, 0);
            }
            working = IN_PAGE_FAULT;
            int r = p.addressSpace().handleFault(address, error);
            working = 0;
            if (r == Fault.RESOLVED) {
                return;
            }
            if (r == Fault.NO_MEMORY) {
                /* Linux's OOM behaviour: the page cannot be given, the process cannot go on */
                Log.println("pid " + p.pid() + " (" + p.program() + "): out of memory: no frame for the page at 0x"
                        + Long.toHexString(address) + " (" + ((error & 1) != 0 ? "copy-on-write" : "demand-zero") + " "
                        + ((error & 2) != 0 ? "write" : "read") + ") at rip 0x"
                        + Long.toHexString(regs.instructionPointer()) + "; killed (exit " + ExitCodes.OUT_OF_MEMORY + ")");
                processes.kill(p, ExitCodes.OUT_OF_MEMORY);
                return;
            }
            Log.println("pid " + p.pid() + " (" + p.program() + "): page fault at 0x" + Long.toHexString(address)
                    + " (" + Fault.name(r) + ", " + ((error & 2) != 0 ? "write" : "read") + ") at rip 0x"
                    + Long.toHexString(regs.instructionPointer()) + "; killed");
        } else {
            Log.println("pid " + p.pid() + " (" + p.program() + "): " + vectorName(vector) + " at rip 0x"
                    + Long.toHexString(regs.instructionPointer()) + (error != 0 ? " error 0x" + Long.toHexString(error) : "")
                    + "; killed");
        }
        processes.kill(p, ExitCodes.fault(vector));
    }

    static String vectorName(int v) {
        switch (v) {
            case 0: return "divide error (#DE)";
            case 1: return "debug trap (#DB)";
            case 3: return "breakpoint (#BP)";
            case 4: return "overflow (#OF)";
            case 5: return "bound range (#BR)";
            case 6: return "invalid opcode (#UD)";
            case 7: return "device not available (#NM)";
            case 12: return "stack fault (#SS)";
            case 13: return "general protection fault (#GP)";
            case 14: return "page fault (#PF)";
            case 16: return "x87 error (#MF)";
            case 17: return "alignment check (#AC)";
            case 19: return "SIMD error (#XM)";
            default: return "CPU exception " + v;
        }
    }

    // ------------------------------------------------------------------ holding an address space

    private Process held;
    private long holdUntil;

    /**
     * Loads a process's page tables and keeps them loaded, running no process, until
     * {@link #release} or the timeout: the host can then pause the machine and read the CPU's own
     * view of those mappings (QEMU's `info tlb`) to compare with what the kernel says.
     */
    public void hold(Process p, long timeoutNanos) {
        held = p;
        holdUntil = platform.clockNanos() + timeoutNanos;
        ((UserAddressSpace) p.addressSpace()).activate();
        last = null;
    }

    public void release() {
        if (held != null) {
            held = null;
            scheduler.excuseWaitsUntilNow();     /* processes waited for the host, not for the policy */
        }
    }

    /** Whether the loop must only serve interrupts now (see {@link #hold}). */
    public boolean holding() {
        if (held == null) {
            return false;
        }
        if (!held.alive() || platform.clockNanos() > holdUntil) {
            release();
            return false;
        }
        return true;
    }

    /** The process running now (inside a system call), or null. */
    public Process current() {
        return current;
    }

    /** Makes the scheduler decide before the current process continues (yield, priority changes). */
    public void requestReschedule() {
        preempt = true;
    }

    /** Selects a built-in policy by name; false when there is none of that name. */
    public boolean useBuiltIn(String name) {
        oolong.api.sched.Policy p = BuiltInPolicies.create(name);
        if (p == null) {
            return false;
        }
        scheduler.use(p, name, true);      /* built in: trusted, never thrown out in favour of a user's policy */
        requestReschedule();
        return true;
    }

    /**
     * Verifies a policy class sent from the host and makes it the running policy with the given
     * instruction budget per decision (the caller checks it against the tick): compiled to machine
     * code when `compile` and the compiler can, else interpreted ({@link PolicyCompilation}).
     * Throws PolicyRejected with the verifier's reason; the running policy is then unchanged.
     */
    public Policy installPolicy(byte[] classFile, long budget, boolean compile) {
        long t0 = scheduler.nanos();
        /* the proofs verification derives are kept for the compiler, which would otherwise derive them again */
        VerifiedPolicy v = PolicyVerifier.verify(classFile, oolong.api.sched.vm.ExtensionKind.POLICY, compile);
        compilation.setLastVerifyNanos(scheduler.nanos() - t0);
        Policy p = compilation.prepare(v, budget, compile, scheduler);
        v.dropProofs();
        scheduler.use(p, v.name());
        requestReschedule();
        return p;
    }

    /** As {@link #installPolicy(byte[], long, boolean)}, compiled if the compiler is on. */
    public Policy installPolicy(byte[] classFile, long budget) {
        return installPolicy(classFile, budget, compilation.enabled());
    }

    /** Gives the machine memory for compiled code (the kernel's entry point does, unless jit=off). */
    public void setCodeMemory(CodeMemory memory) {
        compilation.setCodeMemory(memory);
    }

    /** A compiled copy of a verified policy for `sched bench`, or null when there is no code memory. */
    public CompiledPolicy compileForBench(VerifiedPolicy v, long budget) {
        return compilation.compileForBench(v, budget);
    }

    public long contextSwitches() {
        return contextSwitches;
    }

    public long runs() {
        return runs;
    }

    public long userNanos() {
        return userNanos;
    }

    public long ticksSkipped() {
        return ticksSkipped;
    }

    /** The last timer tick the kernel processed (behind the hardware's count while ticks are delayed). */
    public long ticksProcessed() {
        return lastTick;
    }

    public int runnableCount() {
        return runnableCount;
    }

    // ------------------------------------------------------------------ hooks from the process model

    @Override
    public void runnableChanged(Process p, boolean runnable) {
        if (runnable) {
            p.sched.runnableSinceTick = platform.timerTicks();
            p.sched.runnableSinceNanos = schedulerClock.nanos();
        }
    }

    @Override
    public void exited(Process p, long code) {
        if ((extensions.armed & KILL_HOOK) != 0) {
            extensions.fire(Hooks.PROC_KILL, p.pid(), p.pid(), code, current != null ? current.pid() : 0);
        }
        puppets.exited(p, code);
        if (events != null) {
            events.processExited(p, code);
        }
        if (p == last) {
            last = null;
        }
    }

    @Override
    public void reaped(Process parent, Process dead, long code) {
        if ((extensions.armed & REAP_HOOK) != 0) {
            extensions.fire(Hooks.PROC_REAP, parent.pid(), dead.pid(), code, 0);
        }
    }

    @Override
    public void shutdown(long initCode) {
        Log.println("init exited with code " + initCode + "; shutting down");
        platform.shutdown(initCode == 0);
    }

    @Override
    public void panic(String message) {
        panicReport(message);
    }

    /** Prints a panic report ({@link PanicPrinter}), tells the host, and ends the run. */
    public void panicReport(String message) {
        PanicPrinter.print(message, current, working == IN_SYSCALL ? ", in a system call"
                : working == IN_PAGE_FAULT ? ", in a page fault" : "", platform.clockNanos(), processes.liveProcesses());
        if (events != null) {
            events.panic(message);
        }
        platform.panicExit();
    }
}
