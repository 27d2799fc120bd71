package oolong.campaign.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code scripts/oolong campaign [options]} and {@code scripts/oolong campaign merge --out DIR
 * DIR...} (see {@link CampaignOptions} and {@link Merge}). Exit status: 0 nothing found, 1
 * failures found (their reproducers are in the output directory), 2 harness errors, 3 no machine,
 * 64 a usage error.
 */
public final class CampaignMain {
    private CampaignMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        try {
            if (a.contains("--help") || a.contains("-h")) {
                System.out.print(CampaignOptions.USAGE);
                return 0;
            }
            if (!a.isEmpty() && a.get(0).equals("merge")) {
                return Merge.run(a.subList(1, a.size()), System.out);
            }
            CampaignOptions o = CampaignOptions.parse(a, System.getenv());
            Campaign c;
            try {
                c = new Campaign(o, System.err);
            } catch (IllegalArgumentException e) {
                System.err.println("oolong campaign: " + e.getMessage());
                return 3;
            }
            Campaign.Summary s = c.run();
            System.out.print(Reports.summary(s, o));
            if (s.programs() == 0 && s.harnessErrors() > 0) {
                return 3;
            }
            return s.harnessErrors() > 0 ? 2 : s.failures().isEmpty() ? 0 : 1;
        } catch (IllegalArgumentException e) {
            System.err.println("oolong campaign: " + e.getMessage() + "\n" + CampaignOptions.USAGE);
            return 64;
        } catch (IOException e) {
            System.err.println("oolong campaign: " + e.getMessage());
            return 3;
        }
    }

    static Path path(String s) {
        return Path.of(s);
    }
}
