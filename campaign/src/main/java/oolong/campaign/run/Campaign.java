package oolong.campaign.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import oolong.campaign.cover.Corpus;
import oolong.campaign.cover.CoverageMap;
import oolong.campaign.exec.Executor;
import oolong.campaign.exec.Finding;
import oolong.campaign.exec.Images;
import oolong.campaign.exec.Run;
import oolong.campaign.exec.Vm;
import oolong.campaign.prog.Generator;
import oolong.campaign.prog.JshEncoder;
import oolong.campaign.prog.Mutator;
import oolong.campaign.prog.Program;

/**
 * A fault-injection campaign on this host: {@code jobs} machines side by side, each running
 * programs until the time is up: generated ones (this shard's slots, in order) and mutants of
 * the corpus (programs that reached kernel blocks nothing had reached before). Every finding is
 * shrunk once per signature into a reproducer; the output directory gets the corpus, the
 * reproducers, JUnit XML per job and per failure, the coverage summary and the list of programs.
 */
public final class Campaign {
    /** One different failure the campaign found. */
    public record Failure(Finding finding, String foundBy, Path reproducer, int steps, int stepsBefore, double foundAfter,
                          double shrinkSeconds, int shrinkRuns, String job) {
    }

    /** What a campaign did. */
    public record Summary(long programs, long generated, long mutants, long steps, double seconds, int covered, int blocks,
                          int corpus, List<Failure> failures, long duplicates, long harnessErrors, int boots) {
        public double programsPerSecond() {
            return programs / Math.max(1e-9, seconds);
        }
    }

    private final CampaignOptions o;
    private final PrintStream err;
    private final Images images;
    private final CoverageMap map;
    private final Corpus corpus;
    private final AtomicLong nextGenerated = new AtomicLong();
    private final AtomicLong generated = new AtomicLong();
    private final AtomicLong mutants = new AtomicLong();
    private final AtomicLong steps = new AtomicLong();
    private final AtomicLong harnessErrors = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong boots = new AtomicLong();
    private final Map<String, Failure> failures = new LinkedHashMap<>();
    private final long start = System.nanoTime();
    private final long deadline;
    private volatile boolean stop;
    private volatile String activity = "";
    private BufferedWriter programsLog;
    private Progress progress;

    public Campaign(CampaignOptions options, PrintStream err) throws IOException {
        this.o = options;
        this.err = err;
        this.images = Images.in(options.images(), options.coverage());
        this.map = images.coverage() ? CoverageMap.read(images.coverageMap()) : null;
        this.corpus = new Corpus(options.out().resolve("corpus"));
        this.deadline = options.seconds() == 0 ? Long.MAX_VALUE : start + options.seconds() * 1_000_000_000L;
    }

    Corpus corpus() {
        return corpus;
    }

    public Summary run() throws IOException {
        Path out = o.out();
        Files.createDirectories(out.resolve("junit"));
        if (o.corpus() != null) {
            loadCorpus(o.corpus());
        }
        if (map != null) {
            Files.copy(images.coverageMap(), out.resolve("coverage-map.tsv"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.deleteIfExists(out.resolve("coverage-log.tsv"));
        programsLog = Files.newBufferedWriter(out.resolve("programs.tsv"));
        programsLog.write("# program\tslot\tid\tsteps\tresult\tnew-blocks\tms\n");
        err.printf(Locale.ROOT, "[campaign] seed %d, shard %s, %d job(s), %s%s, output in %s%n", o.seed(), o.shard(), o.jobs(),
                o.seconds() == 0 ? "until " + o.programs() + " programs" : o.seconds() + " s",
                o.append().isBlank() ? "" : ", kernel command line \"" + o.append() + "\"", out);
        List<Thread> threads = new ArrayList<>();
        List<JobReport> reports = new ArrayList<>();
        try (Progress p = new Progress(err, this::progressLine)) {
            progress = p;
            for (int j = 0; j < o.jobs(); j++) {
                JobReport report = new JobReport(j);
                reports.add(report);
                Thread t = new Thread(() -> job(report), "campaign-job-" + j);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    stop = true;
                    Thread.currentThread().interrupt();
                }
            }
        }
        programsLog.close();
        return finish(reports);
    }

    void loadCorpus(Path dir) throws IOException {
        Path programs = Files.isDirectory(dir.resolve("corpus")) ? dir.resolve("corpus") : dir;
        for (Program p : Corpus.load(programs)) {
            corpus.seed(p);
        }
        /* its coverage only if it is this kernel build's (a block is a number in one build's map; as Merge) */
        Path hex = dir.resolve("coverage.hex");
        Path itsMap = dir.resolve("coverage-map.tsv");
        if (Files.exists(hex) && map != null) {
            if (!Files.exists(itsMap)) {
                err.println("[campaign] coverage of " + dir + " left out: no coverage-map.tsv says which kernel build it is from");
            } else if (Files.mismatch(itsMap, images.coverageMap()) != -1) {
                err.println("[campaign] coverage of " + dir + " left out: another kernel build (its coverage-map.tsv differs "
                        + "from " + images.coverageMap() + ")");
            } else {
                corpus.addCoverage(CoverageMap.fromHex(Files.readString(hex)));
            }
        }
        err.println("[campaign] corpus from " + dir + ": " + corpus.size() + " programs");
    }

    /** What one job did, for its JUnit XML. */
    private static final class JobReport {
        final int job;
        long programs;
        double seconds;
        final List<String> harness = new ArrayList<>();
        final List<Failure> found = new ArrayList<>();
        String bootError;

        JobReport(int job) {
            this.job = job;
        }
    }

    private void job(JobReport report) {
        long t0 = System.nanoTime();
        Random random = new Random(Shard.programSeed(o.seed() ^ 0x6d75746174654cL, o.shard().index() * 1000L + report.job));
        try (Vm vm = new Vm(images, o.append(), o.memoryMiB(), o.qemuArgs())) {
            Executor ex = new Executor(vm);
            try {
                vm.ensureBooted();
            } catch (IOException e) {
                report.bootError = e.getMessage();
                harnessErrors.incrementAndGet();
                stop = true;
                progress.say("[campaign] job " + report.job + ": the machine did not come up: " + e.getMessage());
                return;
            }
            int own = 0;
            while (!stop && System.nanoTime() < deadline) {
                boolean mutant = corpus.size() > 0 && random.nextInt(100) < o.mutatePercent();
                Program program;
                String label;
                long slot = -1;
                if (mutant) {
                    List<Program> c = corpus.programs();
                    program = Mutator.mutate(c.get(random.nextInt(c.size())), c, random);
                    label = "m" + o.shard().index() + "." + report.job + "." + own;
                    if (program.size() == 0) {
                        continue;
                    }
                } else {
                    long k = nextGenerated.getAndIncrement();
                    if (o.programs() > 0 && k >= o.programs()) {
                        break;
                    }
                    slot = o.shard().slot(k);
                    program = Generator.generate(Shard.programSeed(o.seed(), slot));
                    label = "s" + slot;
                }
                own++;
                Run run = ex.run(program);
                (mutant ? mutants : generated).incrementAndGet();
                report.programs++;
                steps.addAndGet(run.executed().size());
                int fresh = run.coverage() == null ? 0 : corpus.offer(run.executed(), run.coverage());
                String result = run.harnessError() != null ? "harness-error" : run.finding() != null
                        ? run.finding().detector().label : "ok";
                log(label, slot, program, result, fresh, run.nanos());
                if (run.harnessError() != null) {
                    harnessErrors.incrementAndGet();
                    report.harness.add(label + " (" + program.id() + "): " + run.harnessError());
                    progress.say("[campaign] harness error in " + label + ": " + run.harnessError());
                    writeHarness(label, program, run.harnessError());
                }
                if (run.finding() != null) {
                    found(ex, report, label, program, run);
                }
                sample();
            }
            boots.addAndGet(vm.boots());
        } catch (IOException | RuntimeException e) {
            report.harness.add("job " + report.job + " stopped: " + e);
            harnessErrors.incrementAndGet();
            progress.say("[campaign] job " + report.job + " stopped: " + e);
        } finally {
            report.seconds = (System.nanoTime() - t0) / 1e9;
        }
    }

    private void found(Executor ex, JobReport report, String label, Program program, Run run) throws IOException {
        String sig = run.finding().signature();
        synchronized (failures) {
            if (failures.containsKey(sig)) {
                duplicates.incrementAndGet();
                return;
            }
            failures.put(sig, null);       /* claimed: no other job shrinks the same bug */
        }
        double foundAfter = (System.nanoTime() - start) / 1e9;
        progress.say(String.format(Locale.ROOT, "[campaign] %.0f s: %s found by %s (%d steps): %s", foundAfter,
                run.finding().detector().label, label, run.executed().size(), firstLine(run.finding().message())));
        Shrinker.Shrunk s = new Shrinker.Shrunk(run.executed(), run, 0, 0);
        if (o.shrink()) {
            activity = "shrinking " + sig;
            s = Shrinker.shrink(ex, run.executed(), run);
            activity = "";
        }
        Finding f = s.run().finding();
        String name = "repro-" + f.detector().label + "-" + s.program().id().substring(0, 8) + ".jsh";
        Path file = o.out().resolve(name);
        List<String> header = new ArrayList<>();
        header.add("Oolong campaign reproducer: scripts/oolong run " + name);
        header.add("It replays on a fresh kernel and exits 2 while the bug is present, 0 once it is gone.");
        header.add("seed: campaign " + o.seed() + ", program " + label + " (" + program.id() + "), shard " + o.shard()
                + ", job " + report.job);
        header.add(String.format(Locale.ROOT, "shrunk from %d steps to %d in %d runs (%.1f s)", run.executed().size(),
                s.program().size(), s.tests(), s.nanos() / 1e9));
        header.add("kernel command line: " + (o.append().isBlank() ? "(none)" : o.append()));
        header.add("signature: " + sig);
        header.add("what failed: " + f.detector().label + (f.step() >= 0 ? " at step " + (f.step() + 1) : " at the end") + ":");
        for (String line : f.message().split("\n")) {
            header.add("  " + line);
        }
        Files.writeString(file, JshEncoder.encode(s.program(), s.run().observed(),
                new JshEncoder.Reproducer(header, o.append(), f.step(), f.expectation())));
        Failure failure = new Failure(f, label, file, s.program().size(), run.executed().size(), foundAfter, s.nanos() / 1e9,
                s.tests(), o.shard() + "#" + report.job);
        JUnitXml.write(o.out().resolve("junit").resolve("failure-" + s.program().id().substring(0, 8) + ".xml"),
                "oolong.campaign.failures", List.of(failureCase(failure)));
        synchronized (failures) {
            failures.put(sig, failure);
            report.found.add(failure);
            if (o.maxFailures() > 0 && failures.values().stream().filter(x -> x != null).count() >= o.maxFailures()) {
                stop = true;
            }
        }
        progress.say(String.format(Locale.ROOT, "[campaign] reproducer %s (%d steps, shrunk in %.1f s)", file,
                s.program().size(), s.nanos() / 1e9));
    }

    private static JUnitXml.Case failureCase(Failure f) {
        return new JUnitXml.Case(f.finding().signature(), f.shrinkSeconds(), f.finding().toString(),
                "reproducer: " + f.reproducer() + " (" + f.steps() + " steps; found by " + f.foundBy() + " after "
                        + String.format(Locale.ROOT, "%.0f", f.foundAfter()) + " s)\n" + f.finding().message());
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " ...";
    }

    private synchronized void log(String label, long slot, Program p, String result, int fresh, long nanos) throws IOException {
        programsLog.write(label + "\t" + slot + "\t" + p.id() + "\t" + p.size() + "\t" + result + "\t" + fresh + "\t"
                + nanos / 1_000_000 + "\n");
    }

    private long lastSample;

    /** Every 10 s: elapsed seconds, programs run and blocks covered, in coverage-log.tsv (coverage over time). */
    private synchronized void sample() throws IOException {
        long now = System.nanoTime();
        if (now - lastSample < 10_000_000_000L) {
            return;
        }
        lastSample = now;
        Path log = o.out().resolve("coverage-log.tsv");
        String line = String.format(Locale.ROOT, "%.0f\t%d\t%d%n", (now - start) / 1e9, generated.get() + mutants.get(),
                map == null ? 0 : map.covered(corpus.covered()));
        if (!Files.exists(log)) {
            line = "# seconds\tprograms\tcovered-blocks\n" + line;
        }
        Files.writeString(log, line, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    private synchronized void writeHarness(String label, Program p, String error) throws IOException {
        Files.writeString(o.out().resolve("harness-errors.txt"), "== " + label + " " + p.id() + ": " + error + "\n" + p.text(),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    private String progressLine() {
        double s = (System.nanoTime() - start) / 1e9;
        long n = generated.get() + mutants.get();
        String cov = map == null ? "no coverage" : String.format(Locale.ROOT, "coverage %d of %d blocks (%.1f%%)",
                map.covered(corpus.covered()), map.blocks(), 100.0 * map.covered(corpus.covered()) / map.blocks());
        int found;
        synchronized (failures) {
            found = failures.size();
        }
        return String.format(Locale.ROOT, "[campaign] %d:%02d | %d programs (%.1f/s) | %s | corpus %d | failures %d%s%s",
                (long) s / 60, (long) s % 60, n, n / Math.max(1e-9, s), cov, corpus.size(), found,
                harnessErrors.get() > 0 ? " | harness errors " + harnessErrors.get() : "",
                activity.isEmpty() ? "" : " | " + activity);
    }

    private Summary finish(List<JobReport> reports) throws IOException {
        double seconds = (System.nanoTime() - start) / 1e9;
        Path out = o.out();
        BitSet covered = corpus.covered();
        Files.writeString(out.resolve("coverage.hex"), CoverageMap.hex(covered) + "\n");
        if (map != null) {
            Files.writeString(out.resolve("coverage.txt"), map.report(covered));
        }
        List<Failure> list;
        synchronized (failures) {
            list = failures.values().stream().filter(x -> x != null).toList();
        }
        for (JobReport r : reports) {
            List<JUnitXml.Case> cases = new ArrayList<>();
            String harness = r.bootError != null ? "the machine did not come up: " + r.bootError
                    : r.harness.isEmpty() ? null : r.harness.size() + " harness error(s)";
            cases.add(new JUnitXml.Case(r.programs + " programs", r.seconds, harness,
                    r.bootError != null ? r.bootError : String.join("\n", r.harness)));
            for (Failure f : r.found) {
                cases.add(failureCase(f));
            }
            JUnitXml.write(out.resolve("junit").resolve("job-" + o.shard().index() + "-" + r.job + ".xml"),
                    "oolong.campaign.shard" + o.shard().index() + ".job" + r.job, cases);
        }
        Summary sum = new Summary(generated.get() + mutants.get(), generated.get(), mutants.get(), steps.get(), seconds,
                map == null ? 0 : map.covered(covered), map == null ? 0 : map.blocks(), corpus.size(), list, duplicates.get(),
                harnessErrors.get(), (int) boots.get());
        Files.writeString(out.resolve("summary.txt"), Reports.summary(sum, o));
        return sum;
    }
}
