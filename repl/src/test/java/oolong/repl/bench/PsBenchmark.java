package oolong.repl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * {@code ps} at ~112 and at COUNT + 2 processes, each figure a ratio to the agent's ping measured
 * in the same round (run by scripts/bench-ps): a full ps (the agent's rows; {@code k.ps()} from a
 * fresh facade), a refresh ({@code k.ps()} again) after 3 kills and after no change, and where a
 * full ps spends its time, by elimination: the kernel's {@code profile} stages when it has them
 * (the walk alone, the walk reading every value, walk and formatting without sending, the same
 * bytes sent again without formatting) and the host's parsing of the same answer. With
 * {@code --before DIR} a second kernel (e.g. main's images) runs beside the first, and the rounds
 * alternate between the two, so both see the same host load. Ratios are medians of per-round
 * ratios.
 * usage: PsBenchmark [COUNT] [--before IMAGES_DIR]
 */
public final class PsBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> STAGES = List.of("walk", "walk-values", "format");

    /** One kernel under measurement, with what it measured per round. */
    static final class Subject {
        final String label;
        final Session session;
        final Kernel k;
        Kernel facade;
        final List<Integer> leaves = new ArrayList<>();
        final Map<String, List<Double>> ms = new LinkedHashMap<>();
        final Map<String, List<Double>> ratios = new LinkedHashMap<>();

        Subject(String label, Path images) throws Exception {
            this.label = label;
            session = new Session(new VmConfig().kernel(images.resolve("kernel.elf"))
                    .module(images.resolve("user.elf").toString()).memoryMiB(1024), null);
            session.boot();
            k = new Kernel(session::agent);
        }

        void record(String what, double millis, double pingMs) {
            ms.computeIfAbsent(what, x -> new ArrayList<>()).add(millis);
            ratios.computeIfAbsent(what, x -> new ArrayList<>()).add(millis / pingMs);
        }

        boolean profiles() {
            return k.agent().call("ps", Map.of("format", "rows")).has("gen");
        }
    }

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
        List<Subject> subjects = new ArrayList<>();
        try {
            subjects.add(new Subject("this kernel", Path.of(System.getProperty("oolong.images", "boot/target/images"))));
            if (before != null) {
                subjects.add(new Subject("before", before));
            }
            for (Subject s : subjects) {
                s.k.spawn("tree", "2", "10");
            }
            int small = 0;
            for (Subject s : subjects) {
                small = ReplBenchmark.waitForProcesses(s.k, 112);
            }
            measure(subjects, "ps of " + small, 30);
            for (Subject s : subjects) {
                s.k.filicide(1);
                ReplBenchmark.waitForProcesses(s.k, 0);
                s.k.spawn("forkscale", Integer.toString(count), "100", "hold");
            }
            int large = 0;
            for (Subject s : subjects) {
                s.session.vm().awaitSerial(Pattern.compile("forkscale: holding " + count), java.time.Duration.ofHours(2));
                large = s.k.ps().size();
            }
            measure(subjects, "ps of " + large, 9);
        } finally {
            for (Subject s : subjects) {
                s.session.close();
            }
        }
    }

    static void measure(List<Subject> subjects, String point, int rounds) {
        for (Subject s : subjects) {
            s.ms.clear();
            s.ratios.clear();
            s.facade = new Kernel(s.session::agent);
            s.leaves.clear();
            ProcessTree tree = s.facade.ps();
            for (ProcessInfo p : tree) {
                if (p.alive() && p.depth() >= 2 && s.leaves.size() < 3 * rounds && tree.children(p.pid()).isEmpty()) {
                    s.leaves.add(p.pid());
                }
            }
        }
        for (int round = 0; round < rounds; round++) {
            for (Subject s : subjects) {
                round(s, round);
            }
        }
        System.out.printf(Locale.ROOT, "%n%s processes (load %s), medians of %d alternating rounds%n", point, load(), rounds);
        System.out.printf(Locale.ROOT, "%-14s %-58s %10s %10s%n", "kernel", "measure", "ms", "x ping");
        for (Subject s : subjects) {
            for (String what : s.ms.keySet()) {
                System.out.printf(Locale.ROOT, "%-14s %-58s %10.3f %9.1fx%n", s.label, what, median(s.ms.get(what)),
                        median(s.ratios.get(what)));
            }
            ProcessTree merged = s.facade.ps();
            ProcessTree whole = new Kernel(s.session::agent).ps();
            System.out.printf(Locale.ROOT, "%-14s the refreshed tree %s a full ps (%d processes)%n", s.label,
                    merged.sameAs(whole) ? "equals" : "DIFFERS from " + merged.differences(whole), whole.size());
        }
    }

    private static void round(Subject s, int round) {
        Kernel k = s.k;
        long[] pings = ReplBenchmark.time(11, () -> k.agent().call("ping", Map.of()));
        double ping = ScaleBenchmark.median(pings) / 1e6;
        s.record("ping", ping, ping);
        JsonNode[] answer = new JsonNode[1];
        s.record("full: the agent's rows", millis(() -> answer[0] = k.agent().call("ps", Map.of("format", "rows"))), ping);
        String text = answer[0].toString();
        s.record("  host: parsing that answer", millis(() -> {
            try {
                JSON.readTree(text);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }), ping);
        s.record("  (its size, KiB)", text.length() / 1024.0, 1);
        if (answer[0].has("gen")) {
            for (String stage : STAGES) {
                s.record("  kernel: " + stage + " (a few bytes answered)",
                        millis(() -> k.agent().call("ps", Map.of("format", "rows", "profile", stage))), ping);
            }
            k.agent().call("ps", Map.of("format", "rows", "profile", "cache"));
            s.record("  kernel: the same bytes again, not formatted", millis(() -> k.agent().call("ps",
                    Map.of("format", "rows", "profile", "cached"))), ping);
        }
        s.record("full: k.ps() from a new facade", millis(() -> new Kernel(s.session::agent).ps()), ping);
        s.facade.ps();
        s.record("refresh: k.ps() again, nothing changed", millis(s.facade::ps), ping);
        if (s.leaves.size() >= 3 * round + 3) {
            for (int j = 0; j < 3; j++) {
                k.kill(s.leaves.get(3 * round + j), 7);
            }
            s.record("refresh: k.ps() again after 3 kills", millis(s.facade::ps), ping);
        }
    }

    private static double millis(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
