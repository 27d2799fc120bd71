package oolong.repl.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * Random abuse of the live kernel with a seed: spawns (sleepers, puppets, small trees), forks of
 * puppets, puppets blocked reading a pipe or sleeping, kills and filicides, with the kernel's
 * invariant check after every step. Stops at the first violation and names the step that caused
 * it; ends by killing everything it made and checking that every counter is back where it started.
 *
 * <p>Everything lives under one root process: a long sleeper ({@code k.chaos(seed, steps)}) or a
 * live tree ({@code k.chaos(seed, steps, "tree", "3", "2")}) whose processes are targets from the
 * start, so kills hit processes awaiting children, sleeping, and tombstones with children.
 */
public final class Chaos {
    /** What a run did. */
    public record Report(long seed, int steps, int spawns, int forks, int blocked, int kills, int filicides,
                         String failedStep, List<String> violations, Map<String, Long> before, Map<String, Long> after,
                         double stepsPerSecond, double seconds, int roots, long injectedFailures, int refused) {
        public boolean ok() {
            return failedStep == null && violations.isEmpty();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(String.format("chaos seed %d: %d steps in %.1f s (%d spawns, %d forks, "
                    + "%d blocked on pipes or timers, %d kills, %d filicides), %.0f steps/s: %s", seed, steps, seconds,
                    spawns, forks, blocked, kills, filicides, stepsPerSecond,
                    ok() ? "no violation, counters back to baseline" : "FAILED"));
            if (injectedFailures > 0 || roots > 1 || refused > 0) {
                sb.append(String.format("%n  %d injected failures, %d operations refused, %d roots (a root that died "
                        + "was replaced)", injectedFailures, refused, roots));
            }
            if (failedStep != null) {
                sb.append("\n  at step: ").append(failedStep);
            }
            for (String v : violations) {
                sb.append("\n  ! ").append(v);
            }
            return sb.toString();
        }
    }

    private Chaos() {
    }

    static final String[] LEAK_COUNTERS = {"processes_live", "address_spaces", "handle_tables", "handles_open",
        "pipes_open", "frames_used", "page_table_frames"};

    /** At most this many processes chaos keeps as targets (spawns and forks stop above it). */
    static final int MAX_TARGETS = 48;

    /**
     * Fault injection during a run: in the root's subtree, this share of frame allocations (in
     * system calls and page faults alike) and of process creations fail. Processes then die of
     * exit 137 and forks and spawns are refused, all while the check runs after every step.
     */
    public record FaultMix(double frames, double processes) {
    }

    public static Report run(Kernel k, long seed, int steps) {
        return run(k, seed, steps, "sleeper", "600000");
    }

    /** A run under a root started as {@code program args} (a child of init), killed at the end. */
    public static Report run(Kernel k, long seed, int steps, String program, String... args) {
        return run(k, seed, steps, null, program, args);
    }

    /** The same with fault injection in the root's subtree (null: none). */
    public static Report run(Kernel k, long seed, int steps, FaultMix faults, String program, String... args) {
        Random r = new Random(seed);
        if (!k.check().ok()) {
            throw new IllegalStateException("the kernel's check fails before chaos starts: " + k.check());
        }
        Map<String, Long> before = k.baseline();
        List<Integer> roots = new ArrayList<>();
        long[] injected = {0};
        int root = newRoot(k, roots, faults, injected, seed, program, args);   /* everything chaos makes lives under here */
        int refused = 0;
        List<Integer> mine = new ArrayList<>(settledDescendants(k, root));
        List<Puppet> puppets = new ArrayList<>();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        int spawns = 0;
        int forks = 0;
        int blocked = 0;
        int kills = 0;
        int filicides = 0;
        String failed = null;
        List<String> violations = List.of();
        long t0 = System.nanoTime();
        int step = 0;
        for (; step < steps; step++) {
            String what;
            int choice = r.nextInt(20);
            try {
                if (step % 64 == 63 || (faults != null && step % 16 == 15)) {
                    /* forks inside trees and children of dead puppets: look at what really lives there */
                    what = "refresh";
                    ProcessTree ps = k.ps();
                    int current = root;
                    if (ps.pid(current).map(p -> !p.alive()).orElse(true)) {
                        root = newRoot(k, roots, faults, injected, seed, program, args);   /* it died (out of memory) */
                        what = "new root " + root;
                        ps = k.ps();
                    }
                    mine = new ArrayList<>(descendants(ps, root));
                    List<Integer> live = mine;
                    puppets.removeIf(p -> !live.contains(p.pid()));
                } else if (choice < 5 && mine.size() < MAX_TARGETS) {
                    int kind = r.nextInt(5);
                    String prog = kind < 2 ? "sleeper" : kind < 4 ? "puppet" : "tree";
                    String[] a = switch (prog) {
                        case "sleeper" -> new String[] {String.valueOf(200 + r.nextInt(2000))};
                        case "puppet" -> new String[] {"0"};
                        default -> new String[] {"1", String.valueOf(1 + r.nextInt(3))};
                    };
                    int parent = mine.isEmpty() || r.nextBoolean() ? root : mine.get(r.nextInt(mine.size()));
                    int pid;
                    try {
                        pid = k.spawnUnder(parent, prog, a);
                    } catch (oolong.repl.agent.AgentException e) {
                        try {
                            pid = k.spawnUnder(root, prog, a);     /* the chosen parent had died */
                        } catch (oolong.repl.agent.AgentException again) {
                            pid = -1;                              /* ENOMEM (injected), or the root died */
                        }
                    }
                    what = "spawn " + prog + " -> " + pid;
                    if (pid > 0) {
                        mine.add(pid);
                        spawns++;
                        if (prog.equals("puppet")) {
                            puppets.add(k.puppet(pid));
                        }
                    } else {
                        refused++;
                    }
                } else if (choice < 8 && !puppets.isEmpty() && mine.size() < MAX_TARGETS) {
                    Puppet p = puppets.get(r.nextInt(puppets.size()));
                    what = "fork puppet " + p.pid();
                    try {
                        Puppet c = p.fork(r.nextInt(4) == 0 ? oolong.api.ForkFlags.NOREAP : 0);
                        puppets.add(c);
                        mine.add(c.pid());
                        forks++;
                    } catch (RuntimeException e) {
                        puppets.remove(p);      /* it died meanwhile */
                    }
                } else if (choice < 10 && !puppets.isEmpty() && mine.size() < MAX_TARGETS) {
                    /* a puppet that blocks: reading a pipe nobody writes, or sleeping */
                    Puppet p = puppets.remove(r.nextInt(puppets.size()));
                    if (r.nextBoolean()) {
                        what = "block puppet " + p.pid() + " in a pipe read";
                        try {
                            int[] ends = p.pipe();
                            Puppet c = p.fork();
                            mine.add(c.pid());
                            puppets.add(p);
                            pending.add(c.readAsync(ends[0], 16));
                            blocked++;
                        } catch (RuntimeException e) {
                            what += " (" + e.getMessage() + ")";
                        }
                    } else {
                        what = "block puppet " + p.pid() + " in a sleep";
                        pending.add(p.sleepAsync(60_000));
                        blocked++;
                    }
                } else if (choice < 16 && !mine.isEmpty()) {
                    int pid = mine.remove(r.nextInt(mine.size()));
                    what = "kill " + pid;
                    try {
                        k.kill(pid, r.nextInt(256));
                        kills++;
                    } catch (oolong.repl.agent.AgentException e) {
                        what += " (" + e.code() + ")";
                    }
                    puppets.removeIf(p -> p.pid() == pid);
                } else if (!mine.isEmpty()) {
                    int pid = mine.get(r.nextInt(mine.size()));
                    what = "filicide " + pid;
                    try {
                        k.filicide(pid);
                        filicides++;
                    } catch (oolong.repl.agent.AgentException e) {
                        what += " (" + e.code() + ")";
                    }
                } else {
                    what = "ping";
                    k.ping();
                }
            } catch (RuntimeException e) {
                failed = "step " + step + ": " + e;
                break;
            }
            CheckReport c = k.check();
            if (!c.ok()) {
                failed = "step " + step + ": " + what;
                violations = c.violations();
                break;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double rate = step / seconds;
        if (faults != null) {
            for (String point : new String[] {"frames", "process-alloc"}) {
                injected[0] += k.faults().state(point).failures();
            }
            k.faults().clear();
        }
        for (int pid : roots) {
            ProcessInfo info = k.ps().pid(pid).orElse(null);
            if (info == null) {
                continue;
            }
            k.filicide(pid);
            if (info.alive()) {
                k.kill(pid, 0);
            }
        }
        for (CompletableFuture<?> f : pending) {
            f.cancel(false);        /* the kernel answered them with the puppet's exit, or will never */
        }
        Map<String, Long> after = settle(k, before);
        List<String> leaks = new ArrayList<>(violations);
        for (String name : LEAK_COUNTERS) {
            long b = before.getOrDefault(name, 0L);
            long a = after.getOrDefault(name, 0L);
            if (a > b) {
                leaks.add(name + " was " + b + " before and is " + a + " after");
            }
        }
        return new Report(seed, step, spawns, forks, blocked, kills, filicides, failed, List.copyOf(leaks), before, after,
                rate, seconds, roots.size(), injected[0], refused);
    }

    /** Starts a root (with the fault mix scoped to its subtree); the failures of the previous one are counted. */
    private static int newRoot(Kernel k, List<Integer> roots, FaultMix faults, long[] injected, long seed,
                               String program, String... args) {
        if (faults != null && !roots.isEmpty()) {
            for (String point : new String[] {"frames", "process-alloc"}) {
                injected[0] += k.faults().state(point).failures();
            }
        }
        int root = k.spawn(program, args);
        roots.add(root);
        if (faults != null) {
            k.faults().prepare("frames").forSubtree(root).probability(faults.frames()).seed(seed + roots.size()).on();
            k.faults().prepare("process-alloc").forSubtree(root).probability(faults.processes())
                    .seed(seed + 1000 + roots.size()).on();
        }
        return root;
    }

    /** The live descendants of a process, in tree order. */
    static List<Integer> descendants(ProcessTree ps, int root) {
        List<Integer> out = new ArrayList<>();
        java.util.Set<Integer> inside = new java.util.HashSet<>();
        inside.add(root);
        for (ProcessInfo p : ps) {
            if (inside.contains(p.ppid()) && p.pid() != root) {
                inside.add(p.pid());
                if (p.alive()) {
                    out.add(p.pid());
                }
            }
        }
        return out;
    }

    /** Waits (up to 10 s) until the number of processes under root stops changing for 300 ms. */
    static List<Integer> settledDescendants(Kernel k, int root) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<Integer> last = descendants(k.ps(), root);
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            sleep(50);
            List<Integer> now = descendants(k.ps(), root);
            if (!now.equals(last)) {
                last = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > 300_000_000L) {
                break;
            }
        }
        return last;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (up to 5 s) until init has reaped everything and no counter is above its value before. */
    static Map<String, Long> settle(Kernel k, Map<String, Long> before) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            Map<String, Long> now = k.check().counters();
            boolean same = true;
            for (String name : LEAK_COUNTERS) {
                same &= now.getOrDefault(name, 0L) <= before.getOrDefault(name, 0L);
            }
            if (same || System.nanoTime() > deadline) {
                return now;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return now;
            }
        }
    }
}
