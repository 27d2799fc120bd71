package oolong.boot;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The build's progress, one line per step as it happens, each with its time: a first build runs
 * for minutes (TeaVM's translation, then gcc over megabytes of generated C), and a silent terminal
 * for that long looks like a hang. Lines start with {@code [oolong-build] IMAGE:}; Maven's exec
 * step passes them through even with -q, so they reach the terminal of scripts/oolong.
 */
final class BuildProgress {
    private final PrintStream out;
    private final String image;

    BuildProgress(PrintStream out, String image) {
        this.out = out;
        this.image = image;
    }

    /** A progress that prints nothing (for tests and tools that build quietly). */
    static BuildProgress quiet(String image) {
        return new BuildProgress(null, image);
    }

    void say(String text) {
        if (out != null) {
            out.println("[oolong-build] " + image + ": " + text);
        }
    }

    void translating() {
        say("translating Java to C with TeaVM (a minute or two)...");
    }

    void translated(long nanos) {
        say("translated in " + seconds(nanos));
    }

    void compiling(int total, int parallel) {
        say("compiling C with gcc: " + total + " files, " + parallel + " at a time...");
    }

    /** One source compiled: how many of all are done (compiled or up to date), its own time, the time so far. */
    void compiled(String source, int finished, int total, long nanos, long sinceStart) {
        say(String.format(Locale.ROOT, "compiled %" + Integer.toString(total).length() + "d of %d  %-16s %s  (%s so far)",
                finished, total, source, seconds(nanos), seconds(sinceStart)));
    }

    void linked(String file, long nanos) {
        say("linked " + file + " in " + seconds(nanos));
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
