package oolong.campaign.run;

import java.util.Locale;

/** The campaign's summary text (summary.txt, and what the command prints at the end). */
final class Reports {
    private Reports() {
    }

    static String summary(Campaign.Summary s, CampaignOptions o) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "campaign seed %d, shard %s, %d job(s): %d programs (%d generated, %d mutants, "
                + "%d steps) in %.0f s, %.2f programs/s%n", o.seed(), o.shard(), o.jobs(), s.programs(), s.generated(),
                s.mutants(), s.steps(), s.seconds(), s.programsPerSecond()));
        if (s.blocks() > 0) {
            sb.append(String.format(Locale.ROOT, "kernel coverage: %d of %d blocks (%.1f%%), corpus %d programs "
                    + "(coverage.txt has it per package)%n", s.covered(), s.blocks(), 100.0 * s.covered() / s.blocks(),
                    s.corpus()));
        }
        sb.append(String.format(Locale.ROOT, "failures: %d different%s; harness errors: %d; machines booted: %d%n",
                s.failures().size(), s.duplicates() > 0 ? " (" + s.duplicates() + " more runs hit one of them)" : "",
                s.harnessErrors(), s.boots()));
        for (Campaign.Failure f : s.failures()) {
            sb.append(String.format(Locale.ROOT, "  %s%n    found by %s after %.0f s; %d steps (from %d), shrunk in %.1f s "
                    + "(%d runs)%n    reproducer: %s%n", f.finding().signature(), f.foundBy(), f.foundAfter(), f.steps(),
                    f.stepsBefore(), f.shrinkSeconds(), f.shrinkRuns(), f.reproducer()));
        }
        return sb.toString();
    }
}
