package oolong.campaign.cover;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoverageMapTest {
    @Test
    void hexRoundTripsAnyBlockSet() {
        Random r = new Random(5);
        for (int i = 0; i < 200; i++) {
            BitSet b = new BitSet();
            for (int j = 0; j < r.nextInt(300); j++) {
                b.set(r.nextInt(5000));
            }
            assertEquals(b, CoverageMap.fromHex(CoverageMap.hex(b)));
        }
        assertEquals("f3", CoverageMap.hex(CoverageMap.fromHex("f3")));
        BitSet b = CoverageMap.fromHex("21");
        assertTrue(b.get(1) && b.get(4) && b.cardinality() == 2, "digit k holds blocks 4k..4k+3, lowest bit first");
        assertThrows(IllegalArgumentException.class, () -> CoverageMap.fromHex("0x"));
    }

    @Test
    void coverageIsCountedPerPackageOverCompiledMethodsOnly(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("map.tsv");
        Files.writeString(f, "# header\n0\t3\toolong.kernel.proc.Processes\tkill(J)V\t0,10,11\n"
                + "3\t2\toolong.kernel.proc.Invariants\tcheck()V\t0,5\n5\t4\toolong.kernel.agent.Agent\tping()V\t0,1,2,3\n");
        CoverageMap m = CoverageMap.read(f);
        assertEquals(9, m.blocks());
        BitSet covered = new BitSet();
        covered.set(0);
        covered.set(4);
        covered.set(8);
        covered.set(100);          /* a block of a method the map does not list: not counted */
        assertEquals(3, m.covered(covered));
        Map<String, int[]> byPackage = m.byPackage(covered);
        assertArrayEquals(new int[] {2, 5}, byPackage.get("oolong.kernel.proc"));
        assertArrayEquals(new int[] {1, 4}, byPackage.get("oolong.kernel.agent"));
        String report = m.report(covered);
        assertTrue(report.startsWith("kernel coverage: 3 of 9 blocks (33.3%) in 3 methods"), report);
        assertTrue(report.contains("oolong.kernel.proc") && report.contains("40.0%"), report);
    }
}
