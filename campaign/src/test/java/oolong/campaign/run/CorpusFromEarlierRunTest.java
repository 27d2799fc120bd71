package oolong.campaign.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import oolong.campaign.prog.Generator;
import oolong.campaign.prog.JshEncoder;
import oolong.campaign.prog.Program;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --corpus DIR: the programs always; the coverage only when DIR is of the kernel build this campaign boots. */
class CorpusFromEarlierRunTest {
    @TempDir
    Path dir;

    private Campaign campaign(ByteArrayOutputStream err) throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        for (String f : List.of("user.elf", "kernel-coverage.elf")) {
            Files.writeString(images.resolve(f), "");
        }
        Files.writeString(images.resolve("kernel-coverage-map.tsv"), MergeTest.MAP);
        CampaignOptions o = CampaignOptions.parse(List.of("--images", images.toString(), "--out", dir.resolve("out").toString()),
                Map.of());
        return new Campaign(o, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path earlier(String name, String map) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name).resolve("corpus"));
        Program p = Generator.generate(7);
        Files.writeString(d.resolve(p.id() + ".jsh"), JshEncoder.encode(p));
        Files.writeString(d.getParent().resolve("coverage.hex"), "3\n");
        if (map != null) {
            Files.writeString(d.getParent().resolve("coverage-map.tsv"), map);
        }
        return d.getParent();
    }

    @Test
    void theSameBuildsCoverageIsTaken() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Campaign c = campaign(err);
        c.loadCorpus(earlier("same", MergeTest.MAP));
        assertEquals(1, c.corpus().size());
        assertEquals(BitSet.valueOf(new long[] {0b11}), c.corpus().covered());
    }

    @Test
    void anotherBuildsOrAnUnknownBuildsCoverageIsLeftOutWithAMessage() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Campaign c = campaign(err);
        Path other = earlier("other", MergeTest.OTHER_MAP);
        c.loadCorpus(other);
        Path unknown = earlier("unknown", null);
        c.loadCorpus(unknown);
        assertEquals(new BitSet(), c.corpus().covered(), "blocks of another numbering would hide new coverage");
        assertEquals(1, c.corpus().size(), "the program (the same in both) is taken all the same");
        String said = err.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("coverage of " + other + " left out: another kernel build"), said);
        assertTrue(said.contains("coverage of " + unknown + " left out: no coverage-map.tsv"), said);
    }
}
