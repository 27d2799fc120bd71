package oolong.repl.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Who ran when: runs as (start tick, pid; pid 0 is the idle CPU); each lasts until the next starts. Prints as one
 * row per process in the terminal and writes an SVG, so a policy swap can be seen.
 */
public record Timeline(List<long[]> runs, long nowTick, int hz) {
    /** Ticks each pid ran, from the runs. */
    public Map<Integer, Long> ticksByPid() {
        Map<Integer, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            long end = i + 1 < runs.size() ? runs.get(i + 1)[0] : nowTick;
            m.merge((int) runs.get(i)[1], Math.max(0, end - runs.get(i)[0]), Long::sum);
        }
        return m;
    }

    private long start() {
        return runs.isEmpty() ? nowTick : runs.get(0)[0];
    }

    /** The pid running in each of `columns` equal slices of the span (-1 when none). */
    private int[] columns(int columns) {
        int[] col = new int[columns];
        long start = start();
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

    @Override
    public String toString() {
        if (runs.isEmpty()) {
            return "timeline: nothing ran";
        }
        int width = 72;
        int[] col = columns(width);
        StringBuilder sb = new StringBuilder(String.format("timeline: %d runs over %.2f s (%d columns of %.0f ms)%n",
                runs.size(), (nowTick - start()) / (double) hz, width, (nowTick - start()) * 1000.0 / hz / width));
        for (int pid : new TreeSet<>(ticksByPid().keySet())) {
            sb.append(pid == 0 ? "  idle |" : String.format("%6d |", pid));
            for (int c : col) {
                sb.append(c == pid ? '#' : ' ');
            }
            sb.append(String.format("| %d ticks%n", ticksByPid().get(pid)));
        }
        return sb.toString().stripTrailing();
    }

    /** Writes the timeline as an SVG picture; returns the path. */
    public Path svg(Path file) {
        List<Integer> pids = new ArrayList<>(new TreeSet<>(ticksByPid().keySet()));
        int rowHeight = 22;
        int left = 70;
        int width = 900;
        long start = start();
        double span = Math.max(1, nowTick - start);
        StringBuilder s = new StringBuilder();
        int height = 40 + rowHeight * pids.size();
        s.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"monospace\" "
                + "font-size=\"12\">%n", left + width + 20, height));
        s.append(String.format("<text x=\"4\" y=\"14\">Oolong scheduler timeline: %.2f s, %d runs</text>%n", span / hz, runs.size()));
        for (int i = 0; i < pids.size(); i++) {
            int y = 24 + i * rowHeight;
            s.append(String.format("<text x=\"4\" y=\"%d\">%s</text>%n", y + 14,
                    pids.get(i) == 0 ? "idle" : "pid " + pids.get(i)));
        }
        for (int i = 0; i < runs.size(); i++) {
            long t0 = runs.get(i)[0];
            long t1 = i + 1 < runs.size() ? runs.get(i + 1)[0] : nowTick;
            int row = pids.indexOf((int) runs.get(i)[1]);
            double x = left + (t0 - start) / span * width;
            double w = Math.max(0.5, (t1 - t0) / span * width);
            int hue = (pids.get(row) * 67) % 360;
            s.append(String.format(java.util.Locale.ROOT, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" "
                    + "fill=\"hsl(%d,65%%,50%%)\"/>%n", x, 24 + row * rowHeight, w, rowHeight - 4, hue));
        }
        s.append("</svg>\n");
        try {
            Files.writeString(file, s.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
