package oolong.repl.reload;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code /reload} and {@code --watch}: rebuild what changed, boot a fresh machine on the new
 * images, and replay the snippets that built state on the old one (the {@link StateLog}), so the
 * user is back where they were on the new kernel. Prints each step as it goes and, at the end,
 * what was replayed and what failed to replay. The session's JShell state (variables, classes,
 * methods) is kept throughout: a replayed {@code int t = k.spawn(...)} gives t the new pid.
 */
public final class Reloader {
    /** What a reload needs from the REPL around it. */
    public interface Steps {
        /** Rebuilds what changed, printing its progress; false when the build failed. */
        boolean build(PrintStream out);

        /** Replaces the machine with a fresh one on the current images; a message, or throws. */
        String reboot() throws Exception;

        /** Runs a snippet as if typed; null when it worked, else why it failed. */
        String replay(String source);
    }

    /** One replayed snippet: its source, the kinds of state, and why it failed (null: it worked). */
    public record Replayed(StateLog.Entry entry, String failure) {
    }

    /** What a reload did. */
    public record Report(boolean built, boolean booted, List<Replayed> replayed, double buildSeconds,
                         double bootSeconds, double replaySeconds) {
        public long failures() {
            return replayed.stream().filter(r -> r.failure() != null).count();
        }

        public boolean ok() {
            return built && booted && failures() == 0;
        }
    }

    private final StateLog log;
    private final Steps steps;

    public Reloader(StateLog log, Steps steps) {
        this.log = log;
        this.steps = steps;
    }

    public Report reload(PrintStream out) {
        long t0 = System.nanoTime();
        out.println("reload: rebuilding what changed...");
        if (!steps.build(out)) {
            out.println("reload: the build failed (above); the machine and the session are as they were");
            return new Report(false, false, List.of(), seconds(t0), 0, 0);
        }
        long t1 = System.nanoTime();
        ReplayPlan plan = ReplayPlan.of(log);
        out.println("reload: booting the new images...");
        try {
            out.println(steps.reboot());
        } catch (Exception e) {
            out.println("reload: the new machine did not come up: " + e.getMessage());
            out.println("reload: not replayed: " + plan.summary() + "; /reboot or /reload again once it is fixed");
            return new Report(true, false, List.of(), seconds(t0, t1), seconds(t1), 0);
        }
        long t2 = System.nanoTime();
        log.clear();        /* the replay logs its snippets afresh, for the next reload */
        List<Replayed> replayed = new ArrayList<>();
        if (plan.isEmpty()) {
            out.println("reload: nothing to replay (no snippet built kernel state)");
        } else {
            out.println("reload: replaying " + plan.summary() + ":");
        }
        for (StateLog.Entry e : plan.steps()) {
            String failure;
            try {
                failure = steps.replay(e.source());
            } catch (RuntimeException ex) {
                failure = ex.toString();
            }
            replayed.add(new Replayed(e, failure));
            out.println(line(e, failure));
        }
        long t3 = System.nanoTime();
        Report report = new Report(true, true, List.copyOf(replayed), seconds(t0, t1), seconds(t1, t2), seconds(t2, t3));
        out.println(summary(report, seconds(t0, t3)));
        return report;
    }

    /** "  ok      int t = k.spawn(...)    [spawn]" (a snippet over several lines shows its first) */
    static String line(StateLog.Entry e, String failure) {
        String[] lines = e.source().split("\n");
        String first = lines[0] + (lines.length > 1 ? " ..." : "");
        String s = String.format(Locale.ROOT, "  %-7s %s   [%s]", failure == null ? "ok" : "FAILED", first,
                String.join(", ", e.kinds()));
        return failure == null ? s : s + "\n          " + failure.replace("\n", "\n          ");
    }

    static String summary(Report r, double total) {
        long failed = r.failures();
        return String.format(Locale.ROOT, "reload: done in %.1f s (build %.1f s, boot %.1f s, replay %.1f s); %d of %d replayed%s",
                total, r.buildSeconds(), r.bootSeconds(), r.replaySeconds(), r.replayed().size() - failed,
                r.replayed().size(), failed == 0 ? "" : ", " + failed + " failed (above)");
    }

    private static double seconds(long from) {
        return seconds(from, System.nanoTime());
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }
}
