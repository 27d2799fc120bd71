package oolong.campaign.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import oolong.campaign.exec.Executor;
import oolong.campaign.exec.Images;
import oolong.campaign.exec.Run;
import oolong.campaign.exec.Vm;
import oolong.campaign.prog.JshParser;
import oolong.campaign.prog.Program;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each planted bug: a campaign of at most 5 minutes finds it, its reproducer has at most 12 steps,
 * {@code scripts/oolong run} of the reproducer exits 2 with the bug planted and 0 without, and the
 * shrunk program fails the same way on fresh machines every time (3 times here,
 * {@code -Dcampaign.replays=10} for the full count). scripts/bench-campaign times five seeds.
 */
class PlantedBugsIT {
    @ParameterizedTest(name = "plant={0}")
    @CsvSource({"refcount, check", "reap, check", "pipe, semantics"})
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aCampaignFindsThePlantedBugAndItsReproducerExits2PlantedAnd0Without(String plant, String detector,
                                                                              @TempDir Path out) throws Exception {
        Campaign.Summary s = CampaignIT.campaign(out, "--time", "300", "--append", "plant=" + plant, "--max-failures", "1");
        assertEquals(1, s.failures().size(), "found within 5 minutes: " + Files.readString(out.resolve("summary.txt")));
        Campaign.Failure f = s.failures().get(0);
        assertEquals(detector, f.finding().detector().label, f.toString());
        assertTrue(f.foundAfter() <= 300, "found after " + f.foundAfter() + " s");
        String jsh = Files.readString(f.reproducer());
        Program shrunk = JshParser.parse(jsh);
        assertTrue(shrunk.size() <= 12, "at most 12 steps:\n" + jsh);
        assertTrue(jsh.contains("//! --append \"plant=" + plant + "\""), jsh);
        assertTrue(jsh.contains("// what failed: " + detector), jsh);
        assertEquals(2, replay(f.reproducer()), "exits 2 with the bug planted");
        assertEquals(0, replay(f.reproducer(), "--append", "plant=none"), "exits 0 without it");
        int replays = Integer.getInteger("campaign.replays", 3);
        Images images = Images.in(CampaignIT.IMAGES, true);
        for (int i = 0; i < replays; i++) {
            try (Vm vm = new Vm(images, "plant=" + plant, 256, List.of())) {
                Run r = new Executor(vm).run(shrunk);
                assertTrue(r.finding() != null && r.finding().signature().equals(f.finding().signature()),
                        "replay " + (i + 1) + " fails the same way: " + r.finding());
            }
        }
    }

    /** scripts/oolong run FILE, as a separate process: the REPL's batch mode on a fresh machine. */
    static int replay(Path script, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "oolong.repl.Main", "--images", CampaignIT.IMAGES.toString(),
                "run", script.toString()));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(script.resolveSibling(
                script.getFileName() + "." + options.length + ".out").toFile()).start();
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                throw new AssertionError("the replay of " + script + " did not end");
            }
            return p.exitValue();
        } finally {
            p.destroyForcibly();
        }
    }
}
