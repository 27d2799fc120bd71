package oolong.repl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import oolong.qmp.VmConfig;
import oolong.repl.api.Kernel;
import oolong.repl.api.ProcessInfo;
import oolong.repl.api.ProcessTree;
import oolong.repl.session.Session;

/**
 * {@code ps} at ~112 and at COUNT + 2 processes, each figure a ratio to the agent's ping in the
 * same boot (run by scripts/bench-ps): a full ps (the agent's rows, and {@code k.ps()} from a
 * fresh facade), a refresh ({@code k.ps()} again) after a few changes and after none, and where
 * a full ps spends its time, by elimination (the kernel's {@code profile} stages, when it has
 * them, and the host's parsing of the same answer). With {@code --before DIR} a second kernel
 * (e.g. main's images) is booted after the first and measured the same way, for a side-by-side
 * comparison in one run.
 * usage: PsBenchmark [COUNT] [--before IMAGES_DIR]
 */
public final class PsBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = 10_000;
        Path before = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--before")) {
                before = Path.of(args[++i]);
            } else {
                count = Integer.parseInt(args[i]);
            }
        }
        Path images = Path.of(System.getProperty("oolong.images", "boot/target/images"));
        measure("this kernel", images, count);
        if (before != null) {
            measure("before", before, count);
        }
    }

    static void measure(String label, Path images, int count) throws Exception {
        VmConfig config = new VmConfig().kernel(images.resolve("kernel.elf")).module(images.resolve("user.elf").toString())
                .memoryMiB(1024);
        Session session = new Session(config, null);
        session.boot();
        System.out.printf(Locale.ROOT, "%n== %s (%s), load %s%n", label, images, load());
        System.out.printf(Locale.ROOT, "%-52s %12s %12s %9s%n", "measure", "ms", "ping ms", "ratio");
        try {
            Kernel k = new Kernel(session::agent);
            int tree = k.spawn("tree", "2", "10");
            int small = ReplBenchmark.waitForProcesses(k, 112);
            point(session, k, small, 50);
            k.kill(tree, 0);
            ReplBenchmark.waitForProcesses(k, 0);

            k.spawn("forkscale", Integer.toString(count), "100", "hold");
            session.vm().awaitSerial(Pattern.compile("forkscale: holding " + count), java.time.Duration.ofHours(2));
            point(session, k, k.ps().size(), 7);
        } finally {
            session.close();
        }
    }

    private static void point(Session session, Kernel k, int n, int runs) {
        Runnable ping = () -> k.agent().call("ping", Map.of());
        ReplBenchmark.time(20, ping);
        double pingMs = median(ReplBenchmark.time(200, ping));
        String rows = "ps of " + n + ": ";
        double full = median(ReplBenchmark.time(runs, () -> k.agent().call("ps", Map.of("format", "rows"))));
        row(rows + "the agent's rows, full", full, pingMs);
        JsonNode answer = k.agent().call("ps", Map.of("format", "rows"));
        String text = answer.toString();
        double parse = median(ReplBenchmark.time(runs, () -> {
            try {
                JSON.readTree(text);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        row("  host: parsing the answer (" + text.length() / 1024 + " KiB, " + text.length() / n + " B/process)", parse, pingMs);
        if (answer.has("gen")) {
            for (String stage : List.of("walk", "walk-nohandles", "walk-values", "format")) {
                double t = median(ReplBenchmark.time(runs, () -> k.agent().call("ps", Map.of("format", "rows", "profile", stage))));
                row("  kernel: " + stage + " (answering a few bytes)", t, pingMs);
            }
            k.agent().call("ps", Map.of("format", "rows", "profile", "cache"));
            double t = median(ReplBenchmark.time(runs, () -> k.agent().call("ps", Map.of("format", "rows", "profile", "cached"))));
            row("  kernel: the same bytes, formatted before (transfer + parse)", t, pingMs);
        }
        double facadeFull = median(ReplBenchmark.time(runs, () -> new Kernel(session::agent).ps()));
        row(rows + "k.ps() from a fresh facade (full)", facadeFull, pingMs);
        Kernel facade = new Kernel(session::agent);
        ProcessTree first = facade.ps();
        double idle = median(ReplBenchmark.time(runs, facade::ps));
        row(rows + "k.ps() again, nothing changed", idle, pingMs);
        List<Integer> leaves = new ArrayList<>();
        for (ProcessInfo p : first) {
            if (p.alive() && p.depth() >= 2 && first.children(p.pid()).isEmpty()) {
                leaves.add(p.pid());
            }
            if (leaves.size() >= 3 * runs) {
                break;
            }
        }
        int rounds = Math.min(runs, leaves.size() / 3);
        long[] refresh = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            for (int j = 0; j < 3; j++) {
                k.kill(leaves.get(3 * i + j), 7);
            }
            long t0 = System.nanoTime();
            facade.ps();
            refresh[i] = System.nanoTime() - t0;
        }
        row(rows + "k.ps() again after 3 kills (" + rounds + " rounds)", median(refresh), pingMs);
        ProcessTree merged = facade.ps();
        ProcessTree whole = new Kernel(session::agent).ps();
        System.out.printf(Locale.ROOT, "  the refreshed tree %s a full ps (%d processes)%n",
                merged.sameAs(whole) ? "equals" : "DIFFERS from " + merged.differences(whole), whole.size());
    }

    private static void row(String label, double ms, double pingMs) {
        System.out.printf(Locale.ROOT, "%-52s %12.3f %12.3f %8.1fx%n", label, ms, pingMs, ms / pingMs);
    }

    private static double median(long[] v) {
        return ScaleBenchmark.median(v) / 1e6;
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
