package oolong.repl.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import oolong.qmp.VmConfig;
import oolong.repl.api.Chaos;
import oolong.repl.api.Kernel;
import oolong.repl.session.Session;

/**
 * Fault-injection benchmark (run by scripts/bench-faults): in one run, against the real kernel in
 * QEMU (TCG), the agent round trip and the kernel check that every chaos step pays, chaos steps
 * per second (a sleeper root; a live tree), and whole-machine snapshot and restore times (restore =
 * a new QEMU loading the state + the agent reconnected and answering) for each guest size given.
 *
 * usage: FaultsBenchmark IMAGES [STEPS [ROUNDS [MIB...]]]   (defaults: 2000 steps, 5 rounds, 256 MiB)
 */
public final class FaultsBenchmark {
    private FaultsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path images = Path.of(args.length > 0 ? args[0] : "boot/target/images");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        if (sizes.isEmpty()) {
            sizes.add(256);
        }
        List<String> rows = new ArrayList<>();
        String qemu = "?";
        for (int mib : sizes) {
            VmConfig config = new VmConfig().kernel(images.resolve("kernel.elf"))
                    .module(images.resolve("user.elf").toString()).memoryMiB(mib);
            try (Session session = new Session(config, null)) {
                session.boot();
                qemu = session.vm().qmp().qemuVersion();
                Kernel k = new Kernel(session::agent);
                k.baseline();
                String g = mib + " MiB";
                snapshots(session, k, g, "fresh machine", rounds, rows);
                if (mib == sizes.get(0)) {
                    long[] ping = new long[500];
                    long[] check = new long[500];
                    for (int i = 0; i < ping.length; i++) {
                        long t0 = System.nanoTime();
                        k.ping();
                        ping[i] = System.nanoTime() - t0;
                        t0 = System.nanoTime();
                        k.check();
                        check[i] = System.nanoTime() - t0;
                    }
                    rows.add(row(g, "agent round trip (ping)", ms(median(ping)) + " median, " + ms(pct(ping, 0.99)) + " p99"));
                    rows.add(row(g, "kernel check (invariants+counters)", ms(median(check)) + " median, "
                            + ms(pct(check, 0.99)) + " p99"));
                    Chaos.Report plain = k.chaos(1, steps);
                    rows.add(row(g, "chaos, sleeper root", chaos(plain)));
                    Chaos.Report tree = k.chaos(1, steps, "tree", "3", "2");
                    rows.add(row(g, "chaos, live tree (tree 3 2)", chaos(tree)));
                    if (!plain.ok() || !tree.ok()) {
                        throw new IllegalStateException("chaos failed:\n" + plain + "\n" + tree);
                    }
                    snapshots(session, k, g, "after chaos (RAM dirtied)", rounds, rows);
                }
            }
        }
        System.out.println("Fault-injection benchmark: QEMU " + qemu + ", TCG, " + steps + " chaos steps, "
                + Runtime.getRuntime().availableProcessors() + " host CPUs");
        for (String r : rows) {
            System.out.println(r);
        }
    }

    /** Snapshot and restore times with a live tree (15 processes), and the state file's size. */
    static void snapshots(Session session, Kernel k, String g, String when, int rounds, List<String> rows)
            throws Exception {
        int tree = k.spawn("tree", "3", "2");
        Thread.sleep(1500);
        long[] save = new long[rounds];
        long[] restore = new long[rounds];
        long bytes = 0;
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            Path file = session.snapshot("bench" + i);
            save[i] = System.nanoTime() - t0;
            bytes = Files.size(file);
        }
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            session.restore("bench" + i);
            k.ping();
            restore[i] = System.nanoTime() - t0;
        }
        if (k.ps().size() < 16) {
            throw new IllegalStateException("the restored machine lost processes:\n" + k.ps());
        }
        k.filicide(tree);
        k.kill(tree, 0);
        rows.add(row(g, "snapshot, " + when, ms(median(save)) + " median, " + ms(max(save)) + " max over " + rounds
                + "; state file " + String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0)));
        rows.add(row(g, "restore, " + when, ms(median(restore)) + " median, " + ms(max(restore)) + " max over "
                + rounds + " (new QEMU + agent answering)"));
    }

    static String chaos(Chaos.Report r) {
        return String.format(Locale.ROOT, "%5.0f steps/s (%d steps in %.1f s: %d spawns, %d forks, %d kills, %d filicides)",
                r.stepsPerSecond(), r.steps(), r.seconds(), r.spawns(), r.forks(), r.kills(), r.filicides());
    }

    static String row(String guest, String what, String value) {
        return String.format(Locale.ROOT, "  %-8s %-40s %s", guest, what, value);
    }

    static String ms(double nanos) {
        return String.format(Locale.ROOT, "%7.1f ms", nanos / 1e6);
    }

    static double median(long[] xs) {
        return pct(xs, 0.5);
    }

    static double pct(long[] xs, double p) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) (s.length * p))];
    }

    static double max(long[] xs) {
        return Arrays.stream(xs).max().orElse(0);
    }
}
