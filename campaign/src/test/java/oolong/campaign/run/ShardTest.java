package oolong.campaign.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardTest {
    @Test
    void theShardsOfACampaignRunEachSlotExactlyOnce() {
        for (int n = 1; n <= 7; n++) {
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < n; i++) {
                Shard s = new Shard(i, n);
                for (long k = 0; s.slot(k) < 100; k++) {
                    assertEquals(true, seen.add(s.slot(k)), "slot " + s.slot(k) + " twice");
                }
            }
            for (long slot = 0; slot < 100; slot++) {
                assertEquals(true, seen.contains(slot), "slot " + slot + " of " + n + " shards");
            }
        }
    }

    @Test
    void programSeedsDependOnCampaignSeedAndSlotOnly() {
        assertEquals(Shard.programSeed(7, 3), Shard.programSeed(7, 3));
        Set<Long> seeds = new HashSet<>();
        for (long slot = 0; slot < 1000; slot++) {
            seeds.add(Shard.programSeed(7, slot));
        }
        assertEquals(1000, seeds.size());
    }

    @Test
    void theShardComesFromTheOptionOrTheEnvironment() {
        assertEquals(new Shard(3, 10), Shard.resolve("3/10", Map.of("OOLONG_SHARD", "1/2")));
        assertEquals(new Shard(1, 2), Shard.resolve(null, Map.of("OOLONG_SHARD", "1/2")));
        assertEquals(new Shard(999, 1000), Shard.resolve(null, Map.of("JOB_COMPLETION_INDEX", "999", "OOLONG_SHARDS", "1000")));
        assertEquals(new Shard(0, 250), Shard.resolve(null, Map.of("CI_NODE_INDEX", "1", "CI_NODE_TOTAL", "250")));
        assertEquals(Shard.WHOLE, Shard.resolve(null, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Shard.resolve(null, Map.of("JOB_COMPLETION_INDEX", "3")));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("3/3"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("x"));
    }
}
