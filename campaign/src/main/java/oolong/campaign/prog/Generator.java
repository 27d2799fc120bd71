package oolong.campaign.prog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import oolong.api.ForkFlags;
import oolong.api.Syscall;
import oolong.campaign.model.ModelProcess;

/**
 * Writes programs that are valid by construction: each step is chosen for the state the host
 * model is in at that point (which puppets are alive and idle, which handles each one holds), so
 * commands only go to idle puppets, kills only to live ones, and handles are mostly ones the puppet
 * really has (sometimes a wrong one, for the error paths). Fault-point settings and policy swaps
 * are interleaved with the system calls. The same seed gives the same program.
 */
public final class Generator {
    /** At most this many live puppets in a program (forks and spawns stop above it). */
    public static final int MAX_LIVE = 10;
    public static final int MIN_STEPS = 6;
    public static final int MAX_STEPS = 30;

    /** System calls a kill-at-syscall fault may name: each is made by exactly one puppet command. */
    static final int[] KILLABLE_SYSCALLS = {Syscall.FORK, Syscall.AWAIT, Syscall.PIPE, Syscall.READ, Syscall.WRITE,
        Syscall.DUP, Syscall.CLOSE, Syscall.SLEEP, Syscall.EXIT, Syscall.FILICIDE, Syscall.INTR};
    static final int[] CODES = {0, 1, 2, 7, 42, 127, 255, -1, 1000};
    static final int[] READ_SIZES = {1, 2, 3, 4, 8, 16, 64, 2048};

    private final Random r;
    private final Simulation sim;
    private int nextProcess;
    private int nextPipe;
    private int nextDup;

    Generator(Random r, Simulation sim, Program existing) {
        this.r = r;
        this.sim = sim;
        this.nextProcess = existing.highest('p') + 1;
        this.nextPipe = existing.highest('h') + 1;
        this.nextDup = existing.highest('d') + 1;
    }

    /** A fresh program from a seed. */
    public static Program generate(long seed) {
        Random r = new Random(seed);
        Generator g = new Generator(r, new Simulation(), new Program(List.of()));
        int length = MIN_STEPS + r.nextInt(MAX_STEPS - MIN_STEPS + 1);
        return new Program(g.steps(length));
    }

    /** Up to n steps that are valid at the simulation's current state (each one applied to it). */
    List<Step> steps(int n) {
        List<Step> out = new ArrayList<>();
        for (int attempts = 0; out.size() < n && attempts < n * 8; attempts++) {
            Step s = next();
            if (s == null) {
                break;                 /* nothing left alive: the program is over */
            }
            if (sim.valid(s)) {
                sim.apply(s);
                out.add(s);
            }
        }
        return out;
    }

    private Step next() {
        List<String> idle = new ArrayList<>();
        List<String> alive = new ArrayList<>();
        for (Map.Entry<String, ModelProcess> e : sim.processes().entrySet()) {
            if (e.getValue().alive()) {
                alive.add(e.getKey());
                if (e.getValue().idle()) {
                    idle.add(e.getKey());
                }
            }
        }
        if (alive.isEmpty()) {
            return null;
        }
        boolean room = sim.world().liveProcesses() < MAX_LIVE;
        if (idle.isEmpty()) {
            /* every puppet is blocked: only the agent can act */
            return switch (r.nextInt(5)) {
                case 0 -> room ? new Step.Spawn(pick(alive), "p" + nextProcess++) : kill(alive);
                case 1 -> fault(alive);
                case 2 -> new Step.Filicide(pick(alive), true);
                default -> kill(alive);
            };
        }
        String a = pick(idle);
        switch (choose()) {
            case FORK:
                return room ? new Step.Fork(a, forkFlags(), "p" + nextProcess++) : new Step.Await(a);
            case SPAWN:
                return room ? new Step.Spawn(pick(alive), "p" + nextProcess++) : new Step.Await(a);
            case EXIT:
                /* a program whose last puppet dies is over: let the last one live longer */
                return alive.size() > 1 || r.nextInt(4) == 0 ? new Step.Exit(a, CODES[r.nextInt(CODES.length)])
                        : new Step.Await(a);
            case AWAIT:
                return new Step.Await(a);
            case KILL:
                return alive.size() > 1 || r.nextInt(4) == 0 ? kill(alive) : new Step.Pipe(a, "h" + nextPipe++);
            case FILICIDE:
                return new Step.Filicide(r.nextBoolean() ? a : pick(alive), r.nextBoolean());
            case PIPE:
                return new Step.Pipe(a, "h" + nextPipe++);
            case READ:
                return new Step.Read(a, handle(a, 0), READ_SIZES[r.nextInt(READ_SIZES.length)]);
            case WRITE:
                return new Step.Write(a, handle(a, 1), text());
            case DUP: {
                HandleRef from = handle(a, -1);
                int t = r.nextInt(10);
                HandleRef to = t < 4 ? HandleRef.literal(-1) : t < 8 ? handle(a, -1) : HandleRef.literal(r.nextInt(16));
                return new Step.Dup(a, from, to, "d" + nextDup++);
            }
            case CLOSE:
                return new Step.Close(a, handle(a, -1));
            case MEMFLAG:
                return new Step.Memflag(a, 1 + r.nextInt(8));
            case SLEEP:
                return new Step.Sleep(a, new int[] {0, 1, 5, 20}[r.nextInt(4)]);
            case SLEEP_LONG:
                return new Step.SleepLong(a);
            case INTR_SET:
                return new Step.IntrSet(a);
            case INTR:
                return new Step.Intr(a);
            case FAULT:
                return fault(alive);
            case CLEAR_FAULTS:
                return new Step.ClearFaults();
            default:
                return new Step.Policy(Step.Policy.NAMES.get(r.nextInt(Step.Policy.NAMES.size())));
        }
    }

    /* What an idle puppet does next, and how often (out of the sum of the weights). */
    private static final int FORK = 0, SPAWN = 1, EXIT = 2, AWAIT = 3, KILL = 4, FILICIDE = 5, PIPE = 6, READ = 7, WRITE = 8,
            DUP = 9, CLOSE = 10, MEMFLAG = 11, SLEEP = 12, SLEEP_LONG = 13, INTR_SET = 14, INTR = 15, FAULT = 16,
            CLEAR_FAULTS = 17, POLICY = 18;
    private static final int[] WEIGHTS = {14, 3, 5, 7, 4, 3, 8, 11, 11, 8, 4, 1, 2, 1, 1, 1, 10, 1, 2};

    private int choose() {
        int total = 0;
        for (int w : WEIGHTS) {
            total += w;
        }
        int roll = r.nextInt(total);
        for (int i = 0; i < WEIGHTS.length; i++) {
            roll -= WEIGHTS[i];
            if (roll < 0) {
                return i;
            }
        }
        return POLICY;
    }

    /** One of the names, the later (more recently made) ones more often: steps tend to work on what was just made. */
    private String pick(List<String> from) {
        int n = from.size();
        int i = Math.max(r.nextInt(n), r.nextInt(n));
        return from.get(i);
    }

    private Step kill(List<String> alive) {
        return new Step.Kill(pick(alive), CODES[r.nextInt(CODES.length)]);
    }

    private int forkFlags() {
        int t = r.nextInt(100);
        if (t < 40) {
            return 0;
        } else if (t < 60) {
            return ForkFlags.NOREAP;
        } else if (t < 87) {
            return ForkFlags.SHAREHANDLE;
        } else if (t < 97) {
            return ForkFlags.NOREAP | ForkFlags.SHAREHANDLE;
        }
        return r.nextBoolean() ? ForkFlags.NEWFS : 16;        /* refused: ENOTSUP, EINVAL */
    }

    private String text() {
        int n = 1 + r.nextInt(12);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append((char) ('a' + r.nextInt(26)));
        }
        return sb.toString();
    }

    /**
     * A handle for the puppet: mostly one it holds (end 0 prefers read ends, 1 write ends, -1
     * any), sometimes one it does not or a bare slot number, for the kernel's error paths.
     */
    private HandleRef handle(String actor, int preferEnd) {
        ModelProcess p = sim.process(actor);
        List<HandleRef> held = new ArrayList<>();
        List<HandleRef> preferred = new ArrayList<>();
        for (HandleRef h : sim.handleRefs()) {
            Integer slot = sim.slot(h);
            if (slot != null && sim.world().hasHandle(p, slot)) {
                held.add(h);
                if (preferEnd < 0 || h.end() == preferEnd) {
                    preferred.add(h);
                }
            }
        }
        int t = r.nextInt(100);
        if (t < 75 && !preferred.isEmpty()) {
            return any(preferred);
        }
        if (t < 88 && !held.isEmpty()) {
            return any(held);
        }
        if (t < 94 && !sim.handleRefs().isEmpty()) {
            return any(sim.handleRefs());
        }
        int[] wild = {0, 1, 2, 5, 15, 16, -1, -2, -3};
        return HandleRef.literal(wild[r.nextInt(wild.length)]);
    }

    private HandleRef any(List<HandleRef> from) {
        int n = from.size();
        return from.get(Math.max(r.nextInt(n), r.nextInt(n)));
    }

    private Step fault(List<String> alive) {
        List<String> all = new ArrayList<>(sim.processes().keySet());
        int t = r.nextInt(100);
        String point = t < 30 ? "process-alloc" : t < 55 ? "kill-at-syscall" : t < 65 ? "pipe-drop" : t < 75
                ? "pipe-truncate" : t < 82 ? "frames" : t < 91 ? "tick-skip" : "tick-delay";
        List<String> pids = new ArrayList<>();
        String subtree = null;
        if (r.nextInt(10) < 6) {
            pids.add(pick(alive.isEmpty() ? all : alive));
            if (r.nextInt(3) == 0) {
                String other = pick(all);
                if (!pids.contains(other)) {
                    pids.add(other);
                }
            }
        } else {
            subtree = pick(all);
        }
        double probability = 1.0;
        long seed = 1;
        int pr = r.nextInt(10);
        if (pr >= 7) {
            probability = pr == 9 ? 0.25 : 0.5;
            seed = 1 + r.nextInt(1000);
        }
        int every = new int[] {1, 1, 1, 1, 1, 1, 1, 2, 2, 3}[r.nextInt(10)];
        long times = new long[] {1, 1, 1, 1, 1, 2, 2, 3, -1, -1}[r.nextInt(10)];
        long after = new long[] {0, 0, 0, 0, 0, 1, 1, 2, 3, 5}[r.nextInt(10)];
        long parameter = switch (point) {
            case "kill-at-syscall" -> KILLABLE_SYSCALLS[r.nextInt(KILLABLE_SYSCALLS.length)];
            case "pipe-truncate" -> 1 + r.nextInt(4);
            case "frames" -> r.nextInt(5) == 0 ? 2 : 1;
            case "tick-delay" -> 1 + r.nextInt(5);
            default -> 0;
        };
        return new Step.SetFault(new FaultSetting(point, pids, subtree, probability, every, times, after, parameter, seed));
    }
}
