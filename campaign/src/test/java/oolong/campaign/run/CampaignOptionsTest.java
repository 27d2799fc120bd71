package oolong.campaign.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
