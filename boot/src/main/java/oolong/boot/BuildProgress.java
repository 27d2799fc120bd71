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
    /** The width of the file-name column: the longest name of the files to compile (at least 16). */
    private int nameWidth = 16;

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

    /** The compile step starts: the names of all its files (they set the name column's width). */
    void compiling(java.util.List<String> names, int parallel) {
        for (String n : names) {
            nameWidth = Math.max(nameWidth, n.length());
        }
        say("compiling C with gcc: " + names.size() + " files, " + parallel + " at a time...");
    }

    /**
     * One source compiled: how many of all are done (compiled or up to date), its own time, the
     * time so far. Columns line up: the name padded to the longest name, the own time
     * right-aligned (up to 999.9 s), so "(... so far)" starts in the same column on every line.
     */
    void compiled(String source, int finished, int total, long nanos, long sinceStart) {
        say(String.format(Locale.ROOT, "compiled %" + Integer.toString(total).length() + "d of %d  %-" + nameWidth
                        + "s %7s  (%s so far)", finished, total, source, seconds(nanos), seconds(sinceStart)));
    }

    void linked(String file, long nanos) {
        say("linked " + file + " in " + seconds(nanos));
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
