package oolong.campaign.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import oolong.campaign.exec.Images;
import oolong.campaign.exec.Vm;
import oolong.campaign.run.Campaign;
import oolong.campaign.run.CampaignOptions;

/**
 * The campaign benchmark (scripts/bench-campaign), in one run on this host: the anchors (agent
 * ping round trip, chaos steps per second), programs per second with one machine and with two,
 * the cost of QEMU's -icount, the time to find each planted bug and to shrink it (five seeds,
 * median), replays of each reproducer through scripts/oolong run (exit 2 every time), and
 * kernel coverage after 1, 5 and 15 minutes.
 *
 * usage: CampaignBenchmark IMAGES [PART...]   parts: anchors throughput icount plants replays coverage (default all)
 */
public final class CampaignBenchmark {
    private static Path images;
    private static final List<String> rows = new ArrayList<>();
    private static final List<Path> reproducers = new ArrayList<>();

    private CampaignBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        images = Path.of(args[0]);
        List<String> parts = args.length > 1 ? Arrays.asList(args).subList(1, args.length)
                : List.of("anchors", "throughput", "icount", "plants", "replays", "coverage");
        say("host: " + Files.readString(Path.of("/proc/loadavg")).strip() + " (load average), "
                + Runtime.getRuntime().availableProcessors() + " cores");
        if (parts.contains("anchors")) {
            anchors();
        }
        if (parts.contains("throughput")) {
            throughput();
        }
        if (parts.contains("icount")) {
            icount();
        }
        if (parts.contains("plants")) {
            plants();
        }
        if (parts.contains("replays")) {
            replays();
        }
        if (parts.contains("coverage")) {
            coverage();
        }
        say("host at the end: " + Files.readString(Path.of("/proc/loadavg")).strip());
        System.out.println("\n| measure | result |\n|---|---|");
        rows.forEach(System.out::println);
    }

    private static void say(String s) {
        System.out.println("[bench] " + s);
    }

    private static void row(String measure, String result) {
        rows.add("| " + measure + " | " + result + " |");
        say(measure + ": " + result);
    }

    static Campaign.Summary campaign(Path out, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--out", out.toString(), "--images", images.toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        return new Campaign(CampaignOptions.parse(all, Map.of()), new PrintStream(log, true)).run();
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.isEmpty() ? Double.NaN : s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }

    private static double pingMicros;
    private static double chaosPerSecond;

    static void anchors() throws Exception {
        try (Vm vm = new Vm(Images.in(images, true), "", 256, List.of())) {
            vm.ensureBooted();
            List<Double> us = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                us.add((double) vm.kernel().ping());
            }
            pingMicros = median(us);
            chaosPerSecond = vm.kernel().chaos(1, 1000).stepsPerSecond();
        }
        row("anchor: agent ping round trip (median of 1,000)", String.format(Locale.ROOT, "%.0f us", pingMicros));
        row("anchor: chaos steps per second (k.chaos(1, 1000))", String.format(Locale.ROOT, "%.0f", chaosPerSecond));
    }

    static void throughput() throws Exception {
        Path tmp = Files.createTempDirectory("bench-campaign-");
        Campaign.Summary one = campaign(tmp.resolve("one"), "--time", "60", "--seed", "1");
        Campaign.Summary two = campaign(tmp.resolve("two"), "--time", "60", "--seed", "1", "--jobs", "2");
        double stepMs = 1000.0 * one.seconds() / Math.max(1, one.steps());
        row("programs per second, 1 VM (60 s, seed 1)", String.format(Locale.ROOT, "%.2f (%.1f steps/s; a step %.1f ms = %.0f "
                + "ping round trips)", one.programsPerSecond(), one.steps() / one.seconds(), stepMs, stepMs * 1000 / pingMicros));
        row("programs per second, --jobs 2 (60 s, seed 1)", String.format(Locale.ROOT, "%.2f (%.2fx one VM)",
                two.programsPerSecond(), two.programsPerSecond() / one.programsPerSecond()));
        row("campaign steps per second / chaos steps per second", String.format(Locale.ROOT, "%.2f",
                one.steps() / one.seconds() / chaosPerSecond));
        delete(tmp);
    }

    static void icount() throws Exception {
        Path tmp = Files.createTempDirectory("bench-campaign-");
        long t0 = System.nanoTime();
        Campaign.Summary plain = campaign(tmp.resolve("plain"), "--time", "0", "--programs", "150", "--mutate", "0");
        double plainS = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        Campaign.Summary ic = campaign(tmp.resolve("icount"), "--time", "0", "--programs", "150", "--mutate", "0", "--icount");
        double icS = (System.nanoTime() - t0) / 1e9;
        row("150 generated programs, plain TCG", String.format(Locale.ROOT, "%.1f s, %d failures", plainS, plain.failures().size()));
        row("the same with -icount shift=auto", String.format(Locale.ROOT, "%.1f s (%.2fx), %d failures", icS, icS / plainS,
                ic.failures().size()));
        delete(tmp);
    }

    static void plants() throws Exception {
        for (String plant : new String[] {"refcount", "reap", "pipe"}) {
            List<Double> found = new ArrayList<>();
            List<Double> shrink = new ArrayList<>();
            List<Integer> steps = new ArrayList<>();
            int missed = 0;
            for (int seed = 1; seed <= 5; seed++) {
                Path out = Files.createTempDirectory("bench-plant-");
                Campaign.Summary s = campaign(out, "--time", "300", "--seed", Integer.toString(seed), "--append",
                        "plant=" + plant, "--max-failures", "1");
                if (s.failures().isEmpty()) {
                    missed++;
                    say(plant + " seed " + seed + ": not found in 300 s");
                    continue;
                }
                Campaign.Failure f = s.failures().get(0);
                found.add(f.foundAfter());
                shrink.add(f.shrinkSeconds());
                steps.add(f.steps());
                say(String.format(Locale.ROOT, "%s seed %d: found after %.0f s by %s, %d steps (from %d), shrunk in %.1f s (%d runs)",
                        plant, seed, f.foundAfter(), f.foundBy(), f.steps(), f.stepsBefore(), f.shrinkSeconds(), f.shrinkRuns()));
                if (seed == 1) {
                    Path keep = Files.createTempDirectory("bench-repro-").resolve(f.reproducer().getFileName());
                    Files.copy(f.reproducer(), keep);
                    reproducers.add(keep);
                }
                delete(out);
            }
            row("plant=" + plant + ": time to find, median of 5 seeds", String.format(Locale.ROOT, "%.0f s (each: %s)%s",
                    median(found), found.stream().map(x -> String.format(Locale.ROOT, "%.0f", x)).toList(),
                    missed > 0 ? ", " + missed + " not found in 300 s" : ""));
            row("plant=" + plant + ": shrink time, median", String.format(Locale.ROOT, "%.1f s; reproducers of %s steps",
                    median(shrink), steps));
        }
    }

    static void replays() throws Exception {
        for (Path repro : reproducers) {
            int twos = 0;
            for (int i = 0; i < 10; i++) {
                twos += replay(repro) == 2 ? 1 : 0;
            }
            int zero = replay(repro, "--append", "plant=none");
            row("replays of " + repro.getFileName(), twos + " of 10 exit 2 (planted); without the plant: exit " + zero);
        }
    }

    static int replay(Path script, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "oolong.repl.Main", "--images", images.toString(), "run",
                script.toString()));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                return -1;
            }
            return p.exitValue();
        } finally {
            p.destroyForcibly();
        }
    }

    static void coverage() throws Exception {
        Path out = Files.createTempDirectory("bench-coverage-");
        Campaign.Summary s = campaign(out, "--time", "900", "--seed", "1");
        List<String> log = Files.readAllLines(out.resolve("coverage-log.tsv"));
        for (int minute : new int[] {1, 5, 15}) {
            String best = null;
            for (String line : log) {
                if (!line.startsWith("#") && Double.parseDouble(line.split("\t")[0]) <= minute * 60 + 5) {
                    best = line;
                }
            }
            String[] f = best.split("\t");
            row("coverage after " + minute + " min (1 VM, seed 1)", String.format(Locale.ROOT, "%s of %d blocks (%.1f%%), %s programs",
                    f[2], s.blocks(), 100.0 * Integer.parseInt(f[2]) / s.blocks(), f[1]));
        }
        say("coverage by package after 15 min:\n" + Files.readString(out.resolve("coverage.txt")));
        delete(out);
    }

    static void delete(Path dir) throws Exception {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
