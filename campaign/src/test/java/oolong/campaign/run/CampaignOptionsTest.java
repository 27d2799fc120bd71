package oolong.campaign.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignOptionsTest {
    @Test
    void everyOptionIsRead() {
        CampaignOptions o = CampaignOptions.parse(List.of("--time", "30", "--seed", "9", "--jobs", "2", "--out", "/tmp/x",
                "--append", "plant=pipe hz=250", "--shard", "1/4", "--programs", "50", "--mutate", "0", "--max-failures", "1",
                "--no-shrink", "--icount"), Map.of());
        assertEquals(30, o.seconds());
        assertEquals(9, o.seed());
        assertEquals(2, o.jobs());
        assertEquals(Path.of("/tmp/x"), o.out());
        assertEquals("plant=pipe hz=250", o.append());
        assertEquals(new Shard(1, 4), o.shard());
        assertEquals(50, o.programs());
        assertEquals(0, o.mutatePercent());
        assertEquals(1, o.maxFailures());
        assertTrue(o.coverage() && !o.shrink() && o.icount());
        assertEquals(List.of("-icount", "shift=auto"), o.qemuArgs());
    }

    @Test
    void badOptionsAreRefusedInWords() {
        assertThrows(IllegalArgumentException.class, () -> CampaignOptions.parse(List.of("--frobnicate"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> CampaignOptions.parse(List.of("--jobs", "0"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> CampaignOptions.parse(List.of("--time"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> CampaignOptions.parse(List.of("--time", "0"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> CampaignOptions.parse(List.of("--seed", "x"), Map.of()));
    }

    /** The message, not only the refusal: it names the option or variable and the bad value (no bare "For input string"). */
    private static String refusal(List<String> args, Map<String, String> env) {
        return assertThrows(IllegalArgumentException.class, () -> CampaignOptions.parse(args, env)).getMessage();
    }

    @Test
    void aBadSeedIsNamed() {
        for (String bad : new String[] {"x", "1.5", "", "99999999999999999999"}) {
            String m = refusal(List.of("--seed", bad), Map.of());
            assertTrue(m.startsWith("--seed needs a whole number"), m);
            assertTrue(m.contains("'" + bad + "'"), m);
            assertFalse(m.contains("For input string"), m);
        }
        assertEquals(-3, CampaignOptions.parse(List.of("--seed", "-3"), Map.of()).seed(), "any long is a seed");
    }

    @Test
    void aBadShardFromTheCommandLineOrTheEnvironmentNamesItsSource() {
        String m = refusal(List.of("--shard", "4/4"), Map.of());
        assertTrue(m.startsWith("--shard 4/4:"), m);
        m = refusal(List.of("--shard", "a/b"), Map.of());
        assertTrue(m.startsWith("--shard a/b:"), m);
        m = refusal(List.of(), Map.of("OOLONG_SHARD", "2"));
        assertTrue(m.startsWith("OOLONG_SHARD=2:"), m);
        m = refusal(List.of(), Map.of("JOB_COMPLETION_INDEX", "x", "OOLONG_SHARDS", "4"));
        assertTrue(m.startsWith("JOB_COMPLETION_INDEX=x with OOLONG_SHARDS=4:"), m);
        m = refusal(List.of(), Map.of("JOB_COMPLETION_INDEX", "4", "OOLONG_SHARDS", "4"));
        assertTrue(m.startsWith("JOB_COMPLETION_INDEX=4 with OOLONG_SHARDS=4:") && m.contains("0 <= i < N"), m);
        m = refusal(List.of(), Map.of("JOB_COMPLETION_INDEX", "1"));
        assertTrue(m.contains("OOLONG_SHARDS"), m);
        m = refusal(List.of(), Map.of("CI_NODE_INDEX", "x", "CI_NODE_TOTAL", "4"));
        assertTrue(m.startsWith("CI_NODE_INDEX=x with CI_NODE_TOTAL=4:"), m);
        assertFalse(m.contains("For input string"), m);
        m = refusal(List.of(), Map.of("CI_NODE_INDEX", "0", "CI_NODE_TOTAL", "4"));
        assertTrue(m.startsWith("CI_NODE_INDEX=0 with CI_NODE_TOTAL=4:") && m.contains("1-based"), m);
        m = refusal(List.of(), Map.of("CI_NODE_INDEX", "5", "CI_NODE_TOTAL", "4"));
        assertTrue(m.startsWith("CI_NODE_INDEX=5 with CI_NODE_TOTAL=4:"), m);
        m = refusal(List.of(), Map.of("CI_NODE_INDEX", "2"));
        assertTrue(m.contains("CI_NODE_TOTAL"), m);
        assertEquals(new Shard(3, 4), CampaignOptions.parse(List.of(), Map.of("CI_NODE_INDEX", "4", "CI_NODE_TOTAL", "4")).shard());
    }
}
