package oolong.repl.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random abuse of the live kernel with a seed: spawns, forks of puppets, kills and filicides,
 * with the kernel's invariant check after every step. Stops at the first violation and names the
 * step that caused it; ends by killing everything it made and checking that every counter is back
 * where it started.
 */
public final class Chaos {
    /** What a run did. */
    public record Report(long seed, int steps, int spawns, int forks, int kills, int filicides, String failedStep,
                         List<String> violations, Map<String, Long> before, Map<String, Long> after, double stepsPerSecond) {
        public boolean ok() {
            return failedStep == null && violations.isEmpty();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(String.format("chaos seed %d: %d steps (%d spawns, %d forks, %d kills, "
                    + "%d filicides), %.0f steps/s: %s", seed, steps, spawns, forks, kills, filicides, stepsPerSecond,
                    ok() ? "no violation, counters back to baseline" : "FAILED"));
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

    public static Report run(Kernel k, long seed, int steps) {
        Random r = new Random(seed);
        Map<String, Long> before = k.check().counters();
        int root = k.spawn("sleeper", "600000");          /* everything chaos makes lives under here */
        List<Integer> mine = new ArrayList<>();
        List<Puppet> puppets = new ArrayList<>();
        int spawns = 0;
        int forks = 0;
        int kills = 0;
        int filicides = 0;
        String failed = null;
        List<String> violations = List.of();
        long t0 = System.nanoTime();
        int step = 0;
        for (; step < steps; step++) {
            String what;
            int choice = r.nextInt(10);
            try {
                if (choice < 3 && mine.size() < 40) {
                    String program = r.nextBoolean() ? "sleeper" : "puppet";
                    int pid = k.spawnUnder(root, program, program.equals("sleeper") ? String.valueOf(200 + r.nextInt(2000)) : "0");
                    what = "spawn " + program + " -> " + pid;
                    mine.add(pid);
                    spawns++;
                    if (program.equals("puppet")) {
                        puppets.add(k.puppet(pid));
                    }
                } else if (choice < 5 && !puppets.isEmpty()) {
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
                } else if (choice < 8 && !mine.isEmpty()) {
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
                failed = "step " + step + ": " + e.getMessage();
                break;
            }
            CheckReport c = k.check();
            if (!c.ok()) {
                failed = "step " + step + ": " + what;
                violations = c.violations();
                break;
            }
        }
        double rate = step / ((System.nanoTime() - t0) / 1e9);
        k.filicide(root);
        k.kill(root, 0);
        Map<String, Long> after = settle(k, before);
        List<String> leaks = new ArrayList<>(violations);
        for (String name : LEAK_COUNTERS) {
            long b = before.getOrDefault(name, 0L);
            long a = after.getOrDefault(name, 0L);
            if (a != b) {
                leaks.add(name + " was " + b + " before and is " + a + " after");
            }
        }
        return new Report(seed, step, spawns, forks, kills, filicides, failed, List.copyOf(leaks), before, after, rate);
    }

    /** Waits (up to 5 s) until init has reaped everything and the counters are back. */
    static Map<String, Long> settle(Kernel k, Map<String, Long> before) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            Map<String, Long> now = k.check().counters();
            boolean same = true;
            for (String name : LEAK_COUNTERS) {
                same &= now.getOrDefault(name, 0L).equals(before.getOrDefault(name, 0L));
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
