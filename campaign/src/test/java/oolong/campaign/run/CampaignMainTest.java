package oolong.campaign.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignMainTest {
    @Test
    void exitStatusesForHelpUsageAndNoMachine(@TempDir Path dir) {
        assertEquals(0, CampaignMain.run(new String[] {"--help"}));
        assertEquals(64, CampaignMain.run(new String[] {"--frobnicate"}));
        assertEquals(64, CampaignMain.run(new String[] {"--shard", "2/2"}));
        assertEquals(3, CampaignMain.run(new String[] {"--images", dir.resolve("none").toString(), "--out",
            dir.resolve("out").toString()}));
        assertEquals(64, CampaignMain.run(new String[] {"merge", "--out", dir.resolve("m").toString()}));
    }
}
