package oolong.campaign.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@code scripts/oolong campaign}:
 *
 * <pre>
 *   --time SECONDS     how long to run (default 60; 0: until --programs is done)
 *   --seed N           the campaign's seed (default 1): the same seed generates the same programs
 *   --jobs N           virtual machines on this host, side by side (default 1)
 *   --out DIR          where corpus, reproducers, JUnit XML and the summary go (default campaign-out)
 *   --append "ARGS"    more kernel command line for every machine (e.g. plant=refcount)
 *   --shard i/N        run shard i of N (else OOLONG_SHARD, JOB_COMPLETION_INDEX+OOLONG_SHARDS, CI_NODE_INDEX/TOTAL)
 *   --programs N       stop after N generated programs (of this shard)
 *   --mutate PERCENT   share of runs that mutate corpus programs instead of generating (default 50)
 *   --corpus DIR       start from an earlier corpus (a merged directory, or a campaign's --out)
 *   --max-failures N   stop after N different failures, each shrunk (default 0: no limit)
 *   --no-coverage      boot the kernel without coverage counters
 *   --no-shrink        report failing programs as they are
 *   --icount           run QEMU with -icount shift=auto (instruction counting; see docs/campaigns.md)
 *   --memory MIB       guest memory (default 256)
 *   --images DIR       the images (default: the build's, boot/target/images)
 * </pre>
 */
public record CampaignOptions(long seconds, long seed, int jobs, Path out, String append, Shard shard, long programs,
                              int mutatePercent, Path corpus, int maxFailures, boolean coverage, boolean shrink,
                              boolean icount, int memoryMiB, Path images) {

    public static final String USAGE = """
            usage: scripts/oolong campaign [options]
                   scripts/oolong campaign merge --out DIR DIR...
              --time SECONDS     how long to run (default 60; 0: until --programs is done)
              --seed N           the campaign's seed (default 1): the same seed generates the same programs
              --jobs N           virtual machines on this host, side by side (default 1)
              --out DIR          corpus, reproducers (repro-*.jsh), JUnit XML, coverage, summary (default campaign-out)
              --append "ARGS"    more kernel command line for every machine (e.g. plant=refcount)
              --shard i/N        run shard i of N (else OOLONG_SHARD=i/N, JOB_COMPLETION_INDEX with OOLONG_SHARDS,
                                 or CI_NODE_INDEX/CI_NODE_TOTAL)
              --programs N       stop after N generated programs of this shard
              --mutate PERCENT   share of runs that mutate corpus programs (default 50)
              --corpus DIR       start from an earlier corpus (a merged directory or a campaign's --out)
              --max-failures N   stop after N different failures (default 0: no limit)
              --no-coverage      the kernel without coverage counters
              --no-shrink        keep failing programs as they are
              --icount           QEMU with -icount shift=auto
              --memory MIB       guest memory (default 256)
              --images DIR       where the images are (default boot/target/images)
            exit status: 0 nothing found, 1 failures found, 2 harness errors, 3 no machine, 64 usage
            """;

    public static CampaignOptions parse(List<String> args, Map<String, String> env) {
        long seconds = 60;
        long seed = 1;
        int jobs = 1;
        Path out = Path.of("campaign-out");
        String append = "";
        String shard = null;
        long programs = 0;
        int mutate = 50;
        Path corpus = null;
        int maxFailures = 0;
        boolean coverage = true;
        boolean shrink = true;
        boolean icount = false;
        int memory = 256;
        Path images = Path.of(System.getProperty("oolong.images", "boot/target/images"));
        List<String> a = new ArrayList<>(args);
        for (int i = 0; i < a.size(); i++) {
            String o = a.get(i);
            switch (o) {
                case "--time" -> seconds = number(o, value(a, ++i, o), 0, Long.MAX_VALUE);
                case "--seed" -> seed = seed(value(a, ++i, o));
                case "--jobs" -> jobs = (int) number(o, value(a, ++i, o), 1, 64);
                case "--out" -> out = Path.of(value(a, ++i, o));
                case "--append" -> append = value(a, ++i, o);
                case "--shard" -> shard = value(a, ++i, o);
                case "--programs" -> programs = number(o, value(a, ++i, o), 0, Long.MAX_VALUE);
                case "--mutate" -> mutate = (int) number(o, value(a, ++i, o), 0, 100);
                case "--corpus" -> corpus = Path.of(value(a, ++i, o));
                case "--max-failures" -> maxFailures = (int) number(o, value(a, ++i, o), 0, Integer.MAX_VALUE);
                case "--no-coverage" -> coverage = false;
                case "--no-shrink" -> shrink = false;
                case "--icount" -> icount = true;
                case "--memory" -> memory = (int) number(o, value(a, ++i, o), 64, 65536);
                case "--images" -> images = Path.of(value(a, ++i, o));
                default -> throw new IllegalArgumentException("unknown option '" + o + "'");
            }
        }
        if (seconds == 0 && programs == 0) {
            throw new IllegalArgumentException("--time 0 needs --programs N (otherwise the campaign never ends)");
        }
        return new CampaignOptions(seconds, seed, jobs, out, append, Shard.resolve(shard, env), programs, mutate, corpus,
                maxFailures, coverage, shrink, icount, memory, images);
    }

    private static String value(List<String> a, int i, String option) {
        if (i >= a.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return a.get(i);
    }

    private static long number(String option, String v, long min, long max) {
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException(option + " must be " + min + ".." + max + ", not " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, not '" + v + "'");
        }
    }

    /** Any long is a seed; anything else is refused with the value (not a bare "For input string"). */
    private static long seed(String v) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed needs a whole number (-9223372036854775808.."
                    + "9223372036854775807), not '" + v + "'");
        }
    }

    /** The QEMU arguments the options add. */
    public List<String> qemuArgs() {
        return icount ? List.of("-icount", "shift=auto") : List.of();
    }
}
