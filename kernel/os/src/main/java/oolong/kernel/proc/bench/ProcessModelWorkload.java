package oolong.kernel.proc.bench;

import oolong.kernel.random.XorShift;
import java.util.ArrayList;
import java.util.List;
import oolong.api.ExitCodes;
import oolong.api.ForkFlags;
import oolong.kernel.proc.Invariants;
import oolong.kernel.proc.Process;
import oolong.kernel.proc.ProcessState;
import oolong.kernel.proc.Processes;

/**
 * The process-model benchmark of issue 4, written once for both sides: HotSpot runs it under JMH
 * (module {@code bench}), the kernel runs it compiled to native code ({@code modelbench} on the
 * command line, {@link GuestModelBench}). Plain Java: arrays, no streams, no reflection; the
 * model's real classes ({@link Processes}) over an {@link InertMachine}, which does no memory work.
 *
 * <h2>Fork, kill and reap</h2>
 * Rounds of: fork a subtree root from init, grow it breadth first into a bushy tree (fanout
 * {@value #FANOUT}, {@value #DEPTH} levels below the root: {@value #SUBTREE} processes), with a
 * mix of fork flags (plain, SHAREMEM, SHAREHANDLE, both, NOREAP). {@value #RING} subtrees are
 * alive at once; each round first tears down the oldest, in one of three ways, in turn:
 * <ol>
 * <li>exit and await, bottom up: every process awaits its children, then exits; init is already
 *     waiting when the root dies (the wake-up path);</li>
 * <li>filicide: the root kills its descendants (grandchildren and below become NOREAP), awaits its
 *     direct children, exits, and init collects it (the already-dead path);</li>
 * <li>orphans, top down: the root dies first and init collects it, then the rest die in
 *     breadth-first order with a dead parent, so they become tombstones at once and leave the tree
 *     in cascades as the last child of each goes.</li>
 * </ol>
 * The forgotten list is freed at the end of every round (the safe point). The live count stays
 * under {@value #RING} x {@value #SUBTREE} + 1 processes whatever the total, so memory is bounded.
 * init holds a pipe (two handles), so every fork without SHAREHANDLE copies a table with two
 * references, and every death drops them.
 *
 * <h2>Walk</h2>
 * A tree of n processes (init and n - 1 descendants, breadth first with fanout {@value #FANOUT}),
 * walked in the seed's pre-order with {@link Processes#next}.
 *
 * Both return a checksum of what the model did (pids, collected exit codes, counts): identical on
 * every JVM and in the guest for the same sizes, and something the optimiser cannot drop.
 */
public final class ProcessModelWorkload {
    public static final int FANOUT = 8;
    public static final int DEPTH = 3;
    /** Processes in one full subtree: 1 + 8 + 64 + 512. */
    public static final int SUBTREE = 1 + FANOUT + FANOUT * FANOUT + FANOUT * FANOUT * FANOUT;
    /** Processes of a subtree that have children (all but the deepest level). */
    static final int INTERIOR = 1 + FANOUT + FANOUT * FANOUT;
    /** Subtrees alive at once. */
    public static final int RING = 4;
    /** The code filicide gives the descendants it kills (not -1, which await uses for "nothing"). */
    static final int FILICIDE_CODE = 99;

    private final InertMachine machine = new InertMachine();
    private final Processes model = new Processes(machine);
    private final Process init;

    /* the fork/kill/reap ring: RING subtrees, each its processes in breadth-first order */
    private final Process[][] ring = new Process[RING][SUBTREE];
    private final int[] ringSize = new int[RING];
    private final int[] ringRound = new int[RING];

    /* the walk tree */
    private int treeNodes = 1;

    public ProcessModelWorkload() {
        init = model.seed("init", machine.newSpace(), machine.newRegisters());
        long ends = model.pipes().create(init);
        if (ends < 0) {
            throw new IllegalStateException("pipe failed: " + ends);
        }
    }

    public Processes model() {
        return model;
    }

    public InertMachine machine() {
        return machine;
    }

    public Process init() {
        return init;
    }

    static long mix(long h, long v) {
        return (h ^ v) * 0x100000001B3L + 0x9E3779B97F4A7C15L;
    }

    // ------------------------------------------------------------------ fork, kill, reap

    /**
     * Forks, kills and reaps {@code processes} processes (at least one) in rounds of bushy
     * subtrees, and frees them; returns the checksum. Only init (and the walk tree, if built) is
     * left afterwards.
     */
    public long forkKillReap(int processes) {
        long h = 0;
        int remaining = processes;
        int round = 0;
        while (remaining > 0) {
            int slot = round % RING;
            if (ringSize[slot] > 0) {
                h = tearDown(slot, h);
            }
            int n = Math.min(SUBTREE, remaining);
            h = build(slot, n, h);
            ringRound[slot] = round;
            remaining -= n;
            round++;
        }
        for (int i = 0; i < RING; i++) {
            int slot = (round + i) % RING;
            if (ringSize[slot] > 0) {
                h = tearDown(slot, h);
            }
        }
        return mix(h, round);
    }

    private static int flagsFor(int childIndex) {
        switch (childIndex) {
            case 1: case 5: return ForkFlags.SHAREMEM;
            case 2: case 6: return ForkFlags.SHAREHANDLE;
            case 3: return ForkFlags.SHAREMEM | ForkFlags.SHAREHANDLE;
            case 7: return ForkFlags.NOREAP;
            default: return 0;
        }
    }

    private Process fork(Process parent, int flags) {
        int pid = model.forkPid(parent, flags);
        if (pid < 0) {
            throw new IllegalStateException("fork failed: " + pid);
        }
        parent.registers().setReturnValue(pid);
        return model.byPid(pid);
    }

    /** Forks a subtree root from init and grows it breadth first to n processes. */
    private long build(int slot, int n, long h) {
        Process[] nodes = ring[slot];
        nodes[0] = fork(init, 0);
        int size = 1;
        for (int i = 0; i < INTERIOR && size < n; i++) {
            Process parent = nodes[i];
            for (int c = 0; c < FANOUT && size < n; c++) {
                Process child = fork(parent, flagsFor(c));
                nodes[size++] = child;
                h = mix(h, child.pid());
            }
        }
        ringSize[slot] = size;
        return mix(h, nodes[0].pid());
    }

    private static int codeOf(Process p) {
        return p.pid() & 0x7F;
    }

    /** Awaits until nothing is left to await; every child must already be dead. */
    private long drainAwait(Process p, long h) {
        while (true) {
            long code = model.await(p);
            if (code == ExitCodes.NOTHING_TO_AWAIT) {
                return h;
            }
            if (code == Processes.BLOCKED) {
                throw new IllegalStateException(p + " blocked in await with only dead children");
            }
            h = mix(h, code);
        }
    }

    private long tearDown(int slot, long h) {
        Process[] nodes = ring[slot];
        int n = ringSize[slot];
        Process root = nodes[0];
        switch (ringRound[slot] % 3) {
            case 0: {
                /* exit and await, bottom up */
                for (int j = n - 1; j >= 1; j--) {
                    Process p = nodes[j];
                    if (p.firstChild() != null) {
                        h = drainAwait(p, h);
                    }
                    model.kill(p, codeOf(p));
                }
                h = drainAwait(root, h);
                if (model.await(init) != Processes.BLOCKED) {
                    throw new IllegalStateException("init did not wait for a live child");
                }
                model.kill(root, codeOf(root));
                if (init.state() != ProcessState.RUNNING) {
                    throw new IllegalStateException("init was not woken by its child's death");
                }
                h = mix(h, init.registers().returnValue());
                break;
            }
            case 1: {
                /* filicide */
                h = mix(h, model.filicide(root, FILICIDE_CODE));
                h = drainAwait(root, h);
                model.kill(root, codeOf(root));
                h = mix(h, model.await(init));
                break;
            }
            default: {
                /* orphans, top down */
                model.kill(root, codeOf(root));
                h = mix(h, model.await(init));
                for (int j = 1; j < n; j++) {
                    model.kill(nodes[j], codeOf(nodes[j]));
                }
                break;
            }
        }
        if (root.state() != ProcessState.FORGOTTEN) {
            throw new IllegalStateException("subtree root not forgotten after tear-down: " + root);
        }
        for (int j = 0; j < n; j++) {
            nodes[j] = null;
        }
        ringSize[slot] = 0;
        return mix(h, model.freeForgotten());
    }

    // ------------------------------------------------------------------ the walk

    /** Grows init's tree to {@code nodes} processes (init included), breadth first, fanout {@value #FANOUT}. */
    public void buildTree(int nodes) {
        if (treeNodes != 1) {
            throw new IllegalStateException("the tree is already built");
        }
        Process[] queue = new Process[nodes];
        queue[0] = init;
        int size = 1;
        for (int i = 0; size < nodes; i++) {
            Process parent = queue[i];
            for (int c = 0; c < FANOUT && size < nodes; c++) {
                /* threads of init: one address space and one handle table for the whole tree, so
                   a 100,000-node tree fits the kernel's heap */
                queue[size++] = fork(parent, ForkFlags.SHAREMEM | ForkFlags.SHAREHANDLE);
            }
        }
        treeNodes = nodes;
    }

    /** One pre-order walk of init's whole tree (the seed's proc_next); returns its checksum. */
    public long walk() {
        long h = 0;
        int n = 0;
        for (Process p = init; p != null; p = Processes.next(p, null)) {
            h = h * 31 + p.pid();
            n++;
        }
        return mix(h, n);
    }

    /** Kills every descendant of init (filicide), collects the direct children and frees them all. */
    public long tearDownTree() {
        long h = mix(0, model.filicide(init, FILICIDE_CODE));
        h = drainAwait(init, h);
        h = mix(h, model.freeForgotten());
        treeNodes = 1;
        return h;
    }

    /**
     * The checksums {@link GuestModelBench} prints for these sizes: a fresh workload, fork/kill/reap
     * {@code runs} times (the first run's checksum), then the walk of a {@code nodes}-node tree.
     */
    public static long[] referenceChecksums(int processes, int runs, int nodes) {
        ProcessModelWorkload w = new ProcessModelWorkload();
        long first = 0;
        for (int r = 0; r < runs; r++) {
            long sum = w.forkKillReap(processes);
            if (r == 0) {
                first = sum;
            }
        }
        w.buildTree(nodes);
        return new long[] {first, w.walk()};
    }

    // ------------------------------------------------------------------ the check

    /**
     * The model's invariant check plus the benchmark's own baselines: what is alive is init and
     * the walk tree; one address space and one handle table per process that does not share them;
     * init's two pipe handles; every address space and register set made is accounted for.
     * Empty when everything holds.
     */
    public List<String> check() {
        List<String> v = new ArrayList<>(Invariants.check(model));
        long live = treeNodes;
        expect(v, "live processes", live, model.liveProcesses());
        expect(v, "known processes", live, model.knownProcesses());
        expect(v, "address spaces in the model", 1, model.addressSpaces());
        expect(v, "address spaces made and not freed", 1, machine.spacesLive);
        expect(v, "handle tables", 1, model.handles().tables());
        expect(v, "open handles", 2, model.handles().openHandles());
        expect(v, "open pipes", 1, model.handles().openPipes());
        expect(v, "registers made and not released", live, machine.registersLive);
        expect(v, "runnable processes", live, machine.runnable);
        expect(v, "processes created - freed", live, model.processesCreated() - model.processesFreed());
        return v;
    }

    private static void expect(List<String> v, String what, long expected, long actual) {
        if (expected != actual) {
            v.add(what + ": expected " + expected + ", found " + actual);
        }
    }

    // ------------------------------------------------------------------ a calibration loop

    /**
     * A trivial loop with no memory traffic (xorshift, each step depends on the last): how fast
     * the same plain arithmetic runs on each side, to separate the emulator's cost from the code's.
     * The steps are written out here rather than taken from {@link XorShift}: the loop measures the
     * arithmetic alone, as the seed's C twin of it does, with no object in the way.
     */
    public static long xorshiftLoop(long iterations) {
        long x = 0x2545F4914F6CDD1DL;
        for (long i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    /**
     * A loop that is all memory traffic: follows a random cycle through an int array of
     * {@code size} entries (4 bytes each) for {@code steps} steps. The array is made once per call
     * with a fixed seed; time only the chase ({@link #chase}).
     */
    public static int[] chaseCycle(int size) {
        int[] next = new int[size];
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        XorShift random = new XorShift(0x9E3779B97F4A7C15L);
        for (int i = size - 1; i > 0; i--) {
            int j = (int) ((random.nextLong() >>> 1) % (i + 1));
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int i = 0; i < size; i++) {
            next[order[i]] = order[(i + 1) % size];
        }
        return next;
    }

    public static int chase(int[] next, long steps) {
        int p = 0;
        for (long i = 0; i < steps; i++) {
            p = next[p];
        }
        return p;
    }
}
