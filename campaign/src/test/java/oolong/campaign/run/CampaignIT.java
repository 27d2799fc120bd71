package oolong.campaign.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Campaigns on the real kernel in QEMU. The generator's validity test runs 300 programs here
 * ({@code -Dcampaign.programs=10000} for the full count, which takes about 20 minutes with two
 * jobs; docs/campaigns.md has the last full run).
 */
class CampaignIT {
    static final Path IMAGES = Path.of(System.getProperty("oolong.images", "boot/target/images"));

    static Campaign.Summary campaign(Path out, String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("--out", out.toString(), "--images", IMAGES.toString()));
        all.addAll(List.of(args));
        CampaignOptions o = CampaignOptions.parse(all, Map.of());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Campaign.Summary s = new Campaign(o, new PrintStream(log, true)).run();
        System.out.println(log);
        return s;
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void generatedProgramsRunOnACorrectKernelWithoutAnyDetectorHitOrHarnessError(@TempDir Path out) throws Exception {
        int n = Integer.getInteger("campaign.programs", 300);
        Campaign.Summary s = campaign(out, "--time", "0", "--programs", Integer.toString(n), "--mutate", "0",
                "--jobs", Integer.getInteger("campaign.jobs", 1).toString());
        assertEquals(n, s.programs());
        assertEquals(0, s.harnessErrors(), "harness errors: " + Files.readString(out.resolve("summary.txt")));
        assertEquals(List.of(), s.failures(), "false positives: " + Files.readString(out.resolve("summary.txt")));
        assertEquals(n + 1, Files.readAllLines(out.resolve("programs.tsv")).size());
        String coverage = Files.readString(out.resolve("coverage.txt"));
        assertTrue(coverage.matches("(?s)kernel coverage: \\d+ of \\d+ blocks.*"), coverage);
        assertTrue(coverage.contains("oolong.kernel.proc ") && coverage.contains("oolong.kernel.handle "), coverage);
        assertTrue(s.covered() > s.blocks() / 5, "programs cover a fair part of the kernel: " + coverage);
        String junit = Files.readString(out.resolve("junit").resolve("job-0-0.xml"));
        assertTrue(junit.contains("tests=\"1\" failures=\"0\""), junit);
        assertTrue(s.corpus() > 5 && Files.list(out.resolve("corpus")).count() == s.corpus());
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void twoShardsRunExactlyTheProgramsOfTheUnshardedCampaignAndMergeIntoIt(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole");
        Path s0 = dir.resolve("shard0");
        Path s1 = dir.resolve("shard1");
        campaign(whole, "--time", "0", "--programs", "10", "--mutate", "0", "--seed", "42");
        campaign(s0, "--time", "0", "--programs", "5", "--mutate", "0", "--seed", "42", "--shard", "0/2");
        campaign(s1, "--time", "0", "--programs", "5", "--mutate", "0", "--seed", "42", "--shard", "1/2");
        Map<String, String> unsharded = slots(whole);
        Map<String, String> sharded = new TreeMap<>(slots(s0));
        for (Map.Entry<String, String> e : slots(s1).entrySet()) {
            assertEquals(null, sharded.put(e.getKey(), e.getValue()), "slot " + e.getKey() + " in both shards");
        }
        assertEquals(10, unsharded.size());
        assertEquals(unsharded, sharded);
        Path merged = dir.resolve("merged");
        Merge.merge(merged, List.of(s0, s1));
        assertEquals(unsharded, slots(merged));
    }

    /** slot -> program id of the generated programs a campaign ran. */
    static Map<String, String> slots(Path out) throws Exception {
        Map<String, String> m = new TreeMap<>();
        for (String line : Files.readAllLines(out.resolve("programs.tsv"))) {
            String[] f = line.split("\t");
            if (!line.startsWith("#") && f[0].startsWith("s")) {
                m.put(f[1], f[2]);
            }
        }
        return m;
    }
}
