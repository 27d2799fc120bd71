package oolong.campaign.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oolong.api.ExitCodes;
import oolong.api.Syscall;
import oolong.kernel.fault.FaultPoint;
import oolong.kernel.fault.FaultPoints;
import oolong.kernel.handle.HandleTable;
import oolong.kernel.proc.Process;
import oolong.kernel.proc.ProcessHooks;
import oolong.kernel.proc.ProcessState;
import oolong.kernel.proc.Pipes;
import oolong.kernel.proc.Processes;
import oolong.kernel.proc.UserInterrupts;

/**
 * The host model of what a campaign does to the kernel: the kernel's own process model
 * (oolong.kernel.proc.Processes, the seed's semantics) run on the host, fed the same operations
 * the guest's puppets and agent get, so that every answer the kernel gives can be compared with
 * what the seed says it must be.
 *
 * The world mirrors the guest's: init (pid 1), which always waits for its children (the guest
 * keeps a long sleeper under it so that it does), and for each program an anchor (a sleeper under
 * init that never reaps, so a dead root's state never depends on timing) with the program's root
 * puppet under it, and the puppets the program makes. A puppet that is not blocked waits for its
 * next command (WAITS4REQUEST), as in the kernel. Fault points are the kernel's own FaultPoint objects
 * with the same knobs and seeds, so they fail the same questions; frame-allocation faults depend on
 * memory the host does not simulate, so once one is set the world stops predicting
 * ({@link #modeled()} is false) until the program ends.
 */
public final class World implements ProcessHooks {
    /** Where a model puppet keeps the bytes it writes and receives (any address works in ModelMemory). */
    static final long WRITE_BUFFER = 0x5100_0000L;
    static final long READ_BUFFER = 0x5200_0000L;
    /** The most a puppet reads at once (the puppet program clamps to it). */
    public static final int MAX_READ = 2048;
    /** A long sleep: longer than any program. */
    public static final long LONG_SLEEP_MS = 600_000;
    static final long INTERRUPT_HANDLER = 0x4000_1000L;

    private final Processes model = new Processes(this);
    private final FaultPoints faults = new FaultPoints();
    private final Map<Process, ModelProcess> processes = new IdentityHashMap<>();
    private final ModelProcess init;
    private ModelProcess anchor;
    private long now;
    private boolean modeled = true;
    private ModelProcess created;
    private String panic;

    public World() {
        model.setFaultPoints(faults.processAllocation, faults.pipeDrop, faults.pipeTruncate);
        init = wrap(model.seed("init", new ModelMemory(), new ModelRegisters()));
        model.setState(init.process, ProcessState.WAITS4CHILDDEATH);     /* init awaits its children forever */
    }

    private ModelProcess wrap(Process p) {
        ModelProcess mp = new ModelProcess(p);
        processes.put(p, mp);
        return mp;
    }

    /** False once a frame-allocation fault was set in this program: the world no longer predicts. */
    public boolean modeled() {
        return modeled;
    }

    /** A kernel panic the seed would raise (none of a campaign's operations should). */
    public String panic() {
        return panic;
    }

    /** The process the last successful fork or spawn created. */
    public ModelProcess created() {
        return created;
    }

    // ------------------------------------------------------------------ program boundaries

    /** Starts a program: an anchor (a sleeper under init) and the program's root puppet under it. */
    public ModelProcess startRoot() {
        if (anchor != null) {
            throw new IllegalStateException("a program is running already");
        }
        Processes.Result a = model.spawn(init.process, "sleeper", new ModelMemory(), new ModelRegisters());
        anchor = wrap(a.process);
        model.sleepers().sleep(anchor.process, Long.MAX_VALUE / 2);
        Processes.Result r = model.spawn(anchor.process, "puppet", new ModelMemory(), new ModelRegisters());
        ModelProcess root = wrap(r.process);
        model.setState(root.process, ProcessState.WAITS4REQUEST);
        return root;
    }

    /**
     * Ends a program as the executor does: faults off, the anchor's descendants filicided and the
     * anchor killed (init reaps it at once); the world is init alone again.
     */
    public void endProgram() {
        clearFaults();
        model.filicide(anchor.process, ExitCodes.KILLED);
        model.kill(anchor.process, 0);
        if (init.process.state() == ProcessState.RUNNING) {
            model.setState(init.process, ProcessState.WAITS4CHILDDEATH);    /* init awaits again */
        }
        anchor = null;
        model.freeForgotten();
        processes.keySet().removeIf(p -> p.state() == ProcessState.FREED);
        for (ModelProcess mp : processes.values()) {
            mp.pending = null;
        }
        modeled = true;
    }

    // ------------------------------------------------------------------ faults

    /**
     * Sets a fault point as the agent's "faults set" does; pids and subtree (0: none) are model
     * pids. Frame and tick faults are noted but not simulated.
     */
    public void setFault(String point, int probabilityPpm, int interval, long times, long space, List<ModelProcess> pids,
                         ModelProcess subtree, long parameter, long seed) {
        FaultPoint p = faults.byName(point);
        if (p == null) {
            throw new IllegalArgumentException("no fault point " + point);
        }
        if (point.equals("frames")) {
            modeled = false;
        }
        FaultPoint.Scope scope = null;
        if (!pids.isEmpty()) {
            List<Process> in = new ArrayList<>();
            for (ModelProcess mp : pids) {
                in.add(mp.process);
            }
            scope = pid -> {
                for (Process q : in) {
                    if (q.pid() == pid) {
                        return true;
                    }
                }
                return false;
            };
        } else if (subtree != null) {
            int root = subtree.pid();
            scope = pid -> {
                for (Process q = model.byPid(pid); q != null; q = q.parent()) {
                    if (q.pid() == root) {
                        return true;
                    }
                }
                return false;
            };
        }
        p.configure(probabilityPpm, interval, times, space, scope, parameter, seed);
    }

    public void clearFaults() {
        faults.clear();
    }

    /** The kill-at-syscall point, asked on entry to a system call as the kernel asks it. */
    private boolean killedAt(ModelProcess p, int syscall) {
        FaultPoint k = faults.killAtSyscall;
        if (!k.enabled()) {
            return false;
        }
        long only = k.parameter();
        return (only == 0 || only == syscall) && k.shouldFail(p.pid());
    }

    // ------------------------------------------------------------------ puppet operations (system calls)

    /** Runs one system call of an idle puppet: the kill-at-syscall point first, then the call. */
    private Outcome syscall(ModelProcess p, int nr, java.util.function.Supplier<Result> call) {
        if (!p.idle()) {
            throw new IllegalStateException(p + " is not an idle puppet");
        }
        model.setState(p.process, ProcessState.RUNNING);
        Result self;
        if (killedAt(p, nr)) {
            model.kill(p.process, ExitCodes.INJECTED_KILL);
            self = Result.died(ExitCodes.INJECTED_KILL);
        } else {
            self = call.get();
            if (!p.process.alive()) {
                self = Result.died(p.process.exitCode());
            } else if (p.process.state() != ProcessState.RUNNING) {
                self = Result.blocked();
            } else {
                model.setState(p.process, ProcessState.WAITS4REQUEST);
            }
        }
        return finish(p, self);
    }

    /** Completions of other processes' blocked operations, and the bookkeeping of new processes. */
    private Outcome finish(ModelProcess self, Result result) {
        Map<ModelProcess, Result> completed = new LinkedHashMap<>();
        for (ModelProcess mp : new ArrayList<>(processes.values())) {
            if (mp == self || mp.pending == null) {
                continue;
            }
            if (!mp.process.alive()) {
                completed.put(mp, Result.died(mp.process.exitCode()));
                mp.pending = null;
            } else if (mp.process.state() == ProcessState.RUNNING) {
                completed.put(mp, completion(mp));
                model.setState(mp.process, ProcessState.WAITS4REQUEST);
                mp.pending = null;
            }
        }
        model.freeForgotten();
        processes.keySet().removeIf(p -> p.state() == ProcessState.FREED);
        return new Outcome(result, completed);
    }

    private Result completion(ModelProcess mp) {
        long ret = mp.process.registers().returnValue();
        if (mp.pending == ModelProcess.Pending.READ && ret >= 0) {
            return Result.read(ret, readBuffer(mp, (int) ret));
        }
        return Result.returned(ret);
    }

    private static String readBuffer(ModelProcess mp, int n) {
        byte[] b = new byte[n];
        mp.process.addressSpace().read(READ_BUFFER, b, 0, n);
        return new String(b, StandardCharsets.UTF_8);
    }

    private Result blockedIn(ModelProcess p, ModelProcess.Pending what) {
        p.pending = what;
        return Result.blocked();
    }

    public Outcome fork(ModelProcess p, int flags) {
        return syscall(p, Syscall.FORK, () -> {
            Processes.Result r = model.fork(p.process, flags);
            if (!r.ok()) {
                return Result.returned(r.error);
            }
            created = wrap(r.process);
            model.setState(r.process, ProcessState.WAITS4REQUEST);    /* a new puppet reports, then waits */
            p.process.registers().setReturnValue(r.process.pid());
            return Result.created();
        });
    }

    public Outcome exit(ModelProcess p, long code) {
        return syscall(p, Syscall.EXIT, () -> {
            model.kill(p.process, code);
            return Result.died(code);
        });
    }

    public Outcome await(ModelProcess p) {
        return syscall(p, Syscall.AWAIT, () -> {
            long r = model.await(p.process);
            return r == Processes.BLOCKED ? blockedIn(p, ModelProcess.Pending.AWAIT) : Result.returned(r);
        });
    }

    public Outcome pipe(ModelProcess p) {
        return syscall(p, Syscall.PIPE, () -> {
            long ends = model.pipes().create(p.process);
            return ends < 0 ? Result.returned(ends) : Result.pipe(Pipes.readSlot(ends), Pipes.writeSlot(ends));
        });
    }

    public Outcome dup(ModelProcess p, int from, int to) {
        return syscall(p, Syscall.DUP, () -> Result.returned(model.handleIds().dup(p.process, from, to)));
    }

    public Outcome close(ModelProcess p, int handle) {
        return syscall(p, Syscall.CLOSE, () -> Result.returned(model.handleIds().close(p.process, handle)));
    }

    public Outcome read(ModelProcess p, int handle, int n) {
        int length = Math.max(0, Math.min(n, MAX_READ));
        return syscall(p, Syscall.READ, () -> {
            long r = model.pipes().read(p.process, handle, READ_BUFFER, length);
            if (r == Processes.BLOCKED) {
                return blockedIn(p, ModelProcess.Pending.READ);
            }
            return r < 0 ? Result.returned(r) : Result.read(r, readBuffer(p, (int) r));
        });
    }

    public Outcome write(ModelProcess p, int handle, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return syscall(p, Syscall.WRITE, () -> {
            p.process.addressSpace().write(WRITE_BUFFER, bytes, 0, bytes.length);
            long r = model.pipes().write(p.process, handle, WRITE_BUFFER, bytes.length);
            return r == Processes.BLOCKED ? blockedIn(p, ModelProcess.Pending.WRITE) : Result.returned(r);
        });
    }

    /** memflag(0, pages, FINDFREE|PRESENT): memory is not the process model's; some address comes back. */
    public Outcome memflag(ModelProcess p) {
        return syscall(p, Syscall.MEMFLAG, Result::address);
    }

    /** A short sleep the caller waits for (ms 0 is a yield). */
    public Outcome sleep(ModelProcess p, long ms) {
        return syscall(p, Syscall.SLEEP, () -> {
            if (ms == 0) {
                return Result.returned(0);
            }
            model.sleepers().sleep(p.process, now + ms * 1_000_000);
            now += ms * 1_000_000;
            model.sleepers().wakeDue(now);
            return Result.returned(p.process.registers().returnValue());
        });
    }

    /** A sleep longer than any program: the puppet stays blocked until it is killed. */
    public Outcome sleepLong(ModelProcess p) {
        return syscall(p, Syscall.SLEEP, () -> {
            model.sleepers().sleep(p.process, now + LONG_SLEEP_MS * 1_000_000);
            return blockedIn(p, ModelProcess.Pending.SLEEP);
        });
    }

    public Outcome filicideBySyscall(ModelProcess p) {
        return syscall(p, Syscall.FILICIDE, () -> {
            model.filicide(p.process, ExitCodes.KILLED);
            return Result.returned(0);
        });
    }

    public Outcome intrSet(ModelProcess p) {
        return syscall(p, Syscall.INTR_SET, () -> {
            UserInterrupts.setHandler(p.process, INTERRUPT_HANDLER);
            return Result.returned(0);
        });
    }

    public Outcome intr(ModelProcess p) {
        return syscall(p, Syscall.INTR, () -> {
            for (Process d = Processes.next(p.process, p.process); d != null; d = Processes.next(d, p.process)) {
                UserInterrupts.intr(d);
            }
            return Result.returned(0);
        });
    }

    // ------------------------------------------------------------------ the agent's operations

    /** The agent's spawn of a puppet under a live parent: created, or -ENOMEM (an injected refusal). */
    public Outcome spawn(ModelProcess parent) {
        if (!parent.alive()) {
            throw new IllegalStateException("spawn under dead " + parent);
        }
        Processes.Result r = model.spawn(parent.process, "puppet", new ModelMemory(), new ModelRegisters());
        if (!r.ok()) {
            return finish(null, Result.returned(r.error));
        }
        created = wrap(r.process);
        model.setState(r.process, ProcessState.WAITS4REQUEST);
        return finish(null, Result.created());
    }

    /** The agent's kill of a live process. */
    public Outcome kill(ModelProcess p, long code) {
        if (!p.alive()) {
            throw new IllegalStateException("kill of dead " + p);
        }
        model.kill(p.process, code);
        return finish(null, Result.returned(0));
    }

    /** The agent's filicide: how many descendants were alive (and now are not). */
    public Outcome filicideByAgent(ModelProcess p) {
        int killed = model.filicide(p.process, ExitCodes.KILLED);
        return finish(null, Result.returned(killed));
    }

    // ------------------------------------------------------------------ what the world looks like

    /** Whether slot holds a handle in p's table (special ids -2 and -3 always resolve). */
    public boolean hasHandle(ModelProcess p, int slot) {
        HandleTable t = p.process.handleTable();
        return t != null && slot >= 0 && slot < HandleTable.SIZE && t.slot(slot) != null;
    }

    /** One process as ps shows it, for comparison with the kernel's. */
    public record View(ModelProcess process, ModelProcess parent, String state, Long code, boolean noreap) {
    }

    /** The anchor's subtree in the kernel's walk order (the anchor itself excluded). */
    public List<View> tree() {
        List<View> out = new ArrayList<>();
        for (Process p = Processes.next(anchor.process, anchor.process); p != null; p = Processes.next(p, anchor.process)) {
            out.add(new View(processes.get(p), processes.get(p.parent()), p.state().name(),
                    p.alive() ? null : p.exitCode(), p.noreap()));
        }
        return out;
    }

    public int liveProcesses() {
        int n = 0;
        for (ModelProcess mp : processes.values()) {
            if (mp.alive() && mp != init && mp != anchor) {
                n++;
            }
        }
        return n;
    }

    /** The invariant check of the host model itself (it must always hold). */
    public List<String> check() {
        return oolong.kernel.proc.Invariants.check(model);
    }

    // ------------------------------------------------------------------ hooks

    @Override
    public void runnableChanged(Process p, boolean runnable) {
    }

    @Override
    public void exited(Process p, long code) {
    }

    @Override
    public void shutdown(long initCode) {
        panic = "init exited";
    }

    @Override
    public void panic(String message) {
        panic = message;
    }
}
