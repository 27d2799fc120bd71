package oolong.repl.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Who ran when: runs as (start tick, pid; pid 0 is the idle CPU); each lasts until the next starts.
 * {@code programs} names the pids, {@code swaps} are the policy swaps inside the span and
 * {@code firstPolicy} the policy that ran at its start. Prints as one row per process in the
 * terminal and writes an SVG, so a policy swap can be seen.
 */
public record Timeline(List<long[]> runs, long nowTick, int hz, Map<Integer, String> programs, List<PolicySwap> swaps,
                       String firstPolicy) {
    /** A timeline without names or swaps. */
    public Timeline(List<long[]> runs, long nowTick, int hz) {
        this(runs, nowTick, hz, Map.of(), List.of(), null);
    }

    /** Ticks each pid ran, from the runs. */
    public Map<Integer, Long> ticksByPid() {
        Map<Integer, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            long end = i + 1 < runs.size() ? runs.get(i + 1)[0] : nowTick;
            m.merge((int) runs.get(i)[1], Math.max(0, end - runs.get(i)[0]), Long::sum);
        }
        return m;
    }

    /** The first tick of the span. */
    public long startTick() {
        return runs.isEmpty() ? nowTick : runs.get(0)[0];
    }

    /** The pids that ran, in order (0, the idle CPU, first). */
    public List<Integer> pids() {
        return new ArrayList<>(new TreeSet<>(ticksByPid().keySet()));
    }

    /** "idle", or "pid 3 spin" ("pid 3" when the name is not known). */
    public String label(int pid) {
        if (pid == 0) {
            return "idle";
        }
        String name = programs.get(pid);
        return "pid " + pid + (name == null || name.isEmpty() ? "" : " " + name);
    }

    /** The policies that ran, in order: the first and then each swap's new one. */
    public List<String> policies() {
        List<String> out = new ArrayList<>();
        if (firstPolicy != null) {
            out.add(firstPolicy);
        }
        for (PolicySwap s : swaps) {
            out.add(s.to());
        }
        return out;
    }

    /** The pid running in each of `columns` equal slices of the span (-1 when none). */
    private int[] columns(int columns) {
        int[] col = new int[columns];
        long start = startTick();
        long span = Math.max(1, nowTick - start);
        int r = 0;
        for (int c = 0; c < columns; c++) {
            long t = start + span * c / columns;
            while (r + 1 < runs.size() && runs.get(r + 1)[0] <= t) {
                r++;
            }
            col[c] = runs.isEmpty() ? -1 : (int) runs.get(r)[1];
        }
        return col;
    }

    private int column(long tick, int width) {
        long span = Math.max(1, nowTick - startTick());
        return (int) Math.min(width - 1, Math.max(0, (tick - startTick()) * width / span));
    }

    @Override
    public String toString() {
        if (runs.isEmpty()) {
            return "timeline: nothing ran";
        }
        int width = 72;
        int[] col = columns(width);
        int labelWidth = 4;
        for (int pid : pids()) {
            labelWidth = Math.max(labelWidth, label(pid).length());
        }
        StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT,
                "timeline: %d runs over %.2f s (72 columns of %.0f ms)%s%n", runs.size(), (nowTick - startTick()) / (double) hz,
                (nowTick - startTick()) * 1000.0 / hz / width, firstPolicy == null ? "" : ", policy " + firstPolicy));
        for (int pid : pids()) {
            sb.append(String.format("%" + labelWidth + "s |", label(pid)));
            for (int c : col) {
                sb.append(c == pid ? '#' : ' ');
            }
            sb.append(String.format("| %d ticks%n", ticksByPid().get(pid)));
        }
        if (!swaps.isEmpty()) {
            char[] marks = " ".repeat(width).toCharArray();
            for (PolicySwap s : swaps) {
                marks[column(s.tick(), width)] = s.fallback() ? '!' : '^';
            }
            sb.append(String.format("%" + labelWidth + "s |%s|%n", "swaps", new String(marks)));
            for (PolicySwap s : swaps) {
                sb.append(String.format(java.util.Locale.ROOT, "%" + labelWidth + "s  %s at %.2f s: %s%n", "",
                        s.fallback() ? "!" : "^", (s.tick() - startTick()) / (double) hz, s.fallback()
                        ? s.from() + " thrown out, back to " + s.to() : s.from() + " -> " + s.to()));
            }
        }
        return sb.toString().stripTrailing();
    }

    /**
     * Writes the timeline as an SVG picture (opaque background, one labelled row per process, a time
     * axis in ms, the policy swaps marked and named, a legend); returns the file.
     */
    public Path svg(Path file) {
        return Svg.write(file, TimelineSvg.render(this));
    }

    /** The same for a file name given as text: {@code k.sched().timeline().svg("/tmp/t.svg")}. */
    public Path svg(String file) {
        return svg(Path.of(file));
    }
}
