package oolong.campaign.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import oolong.campaign.cover.Corpus;
import oolong.campaign.cover.CoverageMap;
import oolong.campaign.prog.Generator;
import oolong.campaign.prog.JshEncoder;
import oolong.campaign.prog.Program;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergeTest {
    @Test
    void corporaCoverageProgramsAndReproducersAreCombined(@TempDir Path dir) throws Exception {
        Path a = shardDir(dir.resolve("a"), 1, 2, "3", "s0\t0\tid0\t5\tok\t3\t20", 3);
        Path b = shardDir(dir.resolve("b"), 2, 3, "c", "s1\t1\tid1\t6\tok\t0\t25", 9);
        Path out = dir.resolve("merged");
        String summary = Merge.merge(out, List.of(a, b));
        assertEquals(3, Corpus.load(out.resolve("corpus")).size(), "programs 1, 2, 3: the shared one once");
        BitSet cov = CoverageMap.fromHex(Files.readString(out.resolve("coverage.hex")));
        assertEquals(BitSet.valueOf(new long[] {0b11 | 0b1100}), cov);
        assertEquals(3, Files.readAllLines(out.resolve("programs.tsv")).size());
        assertTrue(summary.contains("failures: 1 different"), summary);
        List<Path> repros;
        try (var s = Files.list(out)) {
            repros = s.filter(p -> p.getFileName().toString().startsWith("repro-")).toList();
        }
        assertEquals(1, repros.size());
        assertTrue(repros.get(0).getFileName().toString().contains("short"), "the shorter reproducer of the two");
        assertTrue(Files.exists(out.resolve("junit").resolve("job-0-0.xml")));
        assertTrue(Files.exists(out.resolve("junit").resolve("job-1-0.xml")));
        Path c = shardDir(dir.resolve("c"), 4, 5, "3", "s2\t2\tid2\t6\tok\t0\t25", 9);
        Files.writeString(c.resolve("junit").resolve("job-0-0.xml"), "<testsuite name=\"other\"/>");
        Merge.merge(dir.resolve("merged2"), List.of(a, c));
        assertTrue(Files.exists(dir.resolve("merged2").resolve("junit").resolve("c-job-0-0.xml")),
                "a clashing name is kept under its directory's name");
    }

    /** Two kernel builds' maps: the second build has one more block in a method (its blocks all moved). */
    static final String MAP = "0\t2\toolong.kernel.proc.Processes\tfork\t10,11\n2\t2\toolong.kernel.handle.HandleTable\tdup\t20,21\n";
    static final String OTHER_MAP = "0\t3\toolong.kernel.proc.Processes\tfork\t10,11,12\n3\t2\toolong.kernel.handle.HandleTable\tdup\t20,21\n";

    @Test
    void coverageFromADifferentKernelBuildIsLeftOutWithAMessage(@TempDir Path dir) throws Exception {
        Path a = shardDir(dir.resolve("a"), 1, 2, "3", "s0\t0\tid0\t5\tok\t3\t20", 3);
        Path b = shardDir(dir.resolve("b"), 2, 3, "8", "s1\t1\tid1\t6\tok\t0\t25", 9);
        Files.writeString(b.resolve("coverage-map.tsv"), OTHER_MAP);     /* b booted another build's coverage kernel */
        Path c = shardDir(dir.resolve("c"), 4, 5, "4", "s2\t2\tid2\t6\tok\t0\t25", 9);
        Files.delete(c.resolve("coverage-map.tsv"));                      /* and c's build is unknown */
        Path out = dir.resolve("merged");
        String summary = Merge.merge(out, List.of(a, b, c));
        assertEquals(BitSet.valueOf(new long[] {0b11}), CoverageMap.fromHex(Files.readString(out.resolve("coverage.hex"))),
                "only a's blocks: b's numbers name other blocks, c's cannot be placed");
        assertTrue(summary.contains("coverage of " + b + " left out: another kernel build (its coverage-map.tsv differs from "
                + a + "'s)"), summary);
        assertTrue(summary.contains("coverage of " + c + " left out: no coverage-map.tsv says which kernel build it is from"),
                summary);
        assertTrue(summary.contains("kernel coverage: 2 of 4 blocks"), summary);
        assertEquals(MAP, Files.readString(out.resolve("coverage-map.tsv")));
        assertEquals(5, Corpus.load(out.resolve("corpus")).size(), "every corpus is merged all the same (programs name no blocks)");
        assertEquals(4, Files.readAllLines(out.resolve("programs.tsv")).size());
        assertTrue(Files.readString(out.resolve("summary.txt")).contains("left out"), "the summary file says so too");
    }

    private static Path shardDir(Path d, long p1, long p2, String hex, String program, int reproSteps) throws Exception {
        Files.createDirectories(d.resolve("corpus"));
        Files.writeString(d.resolve("coverage-map.tsv"), MAP);
        Files.createDirectories(d.resolve("junit"));
        for (long seed : new long[] {p1, p2}) {
            Program p = Generator.generate(seed);
            Files.writeString(d.resolve("corpus").resolve(p.id() + ".jsh"), JshEncoder.encode(p));
        }
        Files.writeString(d.resolve("coverage.hex"), hex + "\n");
        Files.writeString(d.resolve("programs.tsv"), "# header\n" + program + "\n");
        Files.writeString(d.resolve("junit").resolve("job-" + (hex.equals("3") ? 0 : 1) + "-0.xml"), "<testsuite/>");
        StringBuilder repro = new StringBuilder("// signature: check: the same bug\n");
        for (int i = 0; i < reproSteps; i++) {
            repro.append("k.kill(p").append(i).append(".pid(), 0);\n");
        }
        Files.writeString(d.resolve(reproSteps < 5 ? "repro-check-short.jsh" : "repro-check-long.jsh"), repro.toString());
        return d;
    }
}
