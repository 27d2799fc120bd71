package oolong.repl.api;

import java.util.List;
import java.util.Locale;

/**
 * The scheduler timeline as a picture to project: a title, one row per process labelled with its
 * pid and program, its runs as coloured bars, a time axis in milliseconds with ticks, each policy
 * swap as a dashed line named after the policy it brought in (a fallback in red), a band above the
 * rows showing which policy ran when, and a legend with every process's share of the time.
 */
final class TimelineSvg {
    private static final int WIDTH = 1100;
    private static final int LEFT = 170;
    private static final int RIGHT = 30;
    private static final int ROW = 26;
    private static final int BAR = 18;
    private static final int LABELS_TOP = 74;
    private static final int LABEL_ROW = 17;
    private static final int BAND = 22;
    private static final String[] POLICY_FILLS = {"#e8eef9", "#fbeedd", "#e6f4ea", "#f6e4f0", "#eeeeee"};

    private TimelineSvg() {
    }

    /** A process's colour: idle grey, others spread round the colour wheel by pid. */
    static String colour(int pid) {
        if (pid == 0) {
            return "#b4b4b4";
        }
        return String.format(Locale.ROOT, "hsl(%d,62%%,46%%)", (pid * 67) % 360);
    }

    static String render(Timeline t) {
        List<Integer> pids = t.pids();
        long start = t.startTick();
        double span = Math.max(1, t.nowTick() - start);
        double plot = WIDTH - LEFT - RIGHT;
        /* swap labels go in rows above the policy band, a later one a row lower when it would overlap */
        int[] labelRow = new int[t.swaps().size()];
        double[] labelX = new double[t.swaps().size()];
        boolean[] labelLeft = new boolean[t.swaps().size()];
        List<double[]> taken = new java.util.ArrayList<>();
        int labelRows = 0;
        for (int i = 0; i < labelRow.length; i++) {
            PolicySwap sw = t.swaps().get(i);
            double x = LEFT + (sw.tick() - start) / span * plot;
            double w = 7.5 * swapText(sw).length() + 8;
            labelLeft[i] = x + w > WIDTH - 10;
            double x0 = labelLeft[i] ? x - w : x;
            int row = 0;
            while (overlaps(taken, row, x0, x0 + w)) {
                row++;
            }
            taken.add(new double[] {row, x0, x0 + w});
            labelRow[i] = row;
            labelX[i] = x;
            labelRows = Math.max(labelRows, row + 1);
        }
        int bandTop = LABELS_TOP + labelRows * LABEL_ROW;
        int rowsTop = bandTop + BAND + 10;
        int rowsBottom = rowsTop + ROW * Math.max(1, pids.size());
        int axisY = rowsBottom + 6;
        int legendTop = axisY + 48;
        int legendRows = (pids.size() + 2) / 3 + 1;
        int height = legendTop + 22 * legendRows + 16;
        double ms = span * 1000.0 / t.hz();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"13\">%n",
                WIDTH, height, WIDTH, height));
        s.append(String.format("<rect class=\"background\" x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n",
                WIDTH, height));
        s.append(String.format(Locale.ROOT, "<text class=\"title\" x=\"20\" y=\"30\" font-size=\"18\" font-weight=\"bold\">"
                + "Oolong scheduler timeline: %.2f s, %d runs, %d Hz timer</text>%n", span / t.hz(), t.runs().size(), t.hz()));
        s.append(String.format(Locale.ROOT, "<text x=\"20\" y=\"50\" fill=\"#555555\">%s</text>%n",
                Svg.escape(subtitle(t))));

        /* which policy ran when: a band of labelled spans */
        s.append("<g class=\"policies\">\n");
        List<String> policies = t.policies();
        long spanStart = start;
        for (int i = 0; i <= t.swaps().size() && !policies.isEmpty(); i++) {
            long spanEnd = i < t.swaps().size() ? t.swaps().get(i).tick() : t.nowTick();
            if (i >= policies.size()) {
                break;
            }
            double x0 = LEFT + (spanStart - start) / span * plot;
            double x1 = LEFT + (spanEnd - start) / span * plot;
            s.append(String.format(Locale.ROOT, "  <rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" "
                    + "stroke=\"#999999\"/>%n", x0, bandTop, Math.max(0.5, x1 - x0), BAND,
                    POLICY_FILLS[i % POLICY_FILLS.length]));
            if (x1 - x0 > 40) {
                s.append(String.format(Locale.ROOT, "  <text class=\"policy\" x=\"%.1f\" y=\"%d\" font-weight=\"bold\">%s"
                        + "</text>%n", x0 + 6, bandTop + 16, Svg.escape(policies.get(i))));
            }
            spanStart = spanEnd;
        }
        s.append(String.format("  <text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#555555\">policy</text>%n", LEFT - 10,
                bandTop + 16));
        s.append("</g>\n");

        /* the rows: a light stripe every other row, the label, the runs */
        s.append("<g class=\"rows\">\n");
        for (int i = 0; i < pids.size(); i++) {
            int y = rowsTop + i * ROW;
            if (i % 2 == 0) {
                s.append(String.format(Locale.ROOT, "  <rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%d\" fill=\"#f4f4f4\"/>%n",
                        LEFT, y, plot, ROW));
            }
            s.append(String.format(Locale.ROOT, "  <text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 10, y + 17, Svg.escape(t.label(pids.get(i)))));
        }
        for (int i = 0; i < t.runs().size(); i++) {
            long t0 = t.runs().get(i)[0];
            long t1 = i + 1 < t.runs().size() ? t.runs().get(i + 1)[0] : t.nowTick();
            int pid = (int) t.runs().get(i)[1];
            int row = pids.indexOf(pid);
            double x = LEFT + (t0 - start) / span * plot;
            double w = Math.max(0.6, (t1 - t0) / span * plot);
            s.append(String.format(Locale.ROOT, "  <rect class=\"run\" data-pid=\"%d\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" "
                    + "height=\"%d\" fill=\"%s\"/>%n", pid, x, rowsTop + row * ROW + (ROW - BAR) / 2, w, BAR, colour(pid)));
        }
        s.append("</g>\n");

        /* the axis: a line, ticks at round numbers of ms, their labels */
        s.append("<g class=\"axis\">\n");
        s.append(String.format(Locale.ROOT, "  <line x1=\"%d\" y1=\"%d\" x2=\"%.0f\" y2=\"%d\" stroke=\"#222222\"/>%n", LEFT,
                axisY, LEFT + plot, axisY));
        double step = niceStep(ms / 10);
        for (double v = 0; v <= ms + 1e-9; v += step) {
            double x = LEFT + v / ms * plot;
            s.append(String.format(Locale.ROOT, "  <line class=\"tick\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                    + "stroke=\"#222222\"/>%n", x, axisY, x, axisY + 6));
            s.append(String.format(Locale.ROOT, "  <text class=\"tick-label\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" "
                    + "font-size=\"11\">%s</text>%n", x, axisY + 19, format(v)));
        }
        s.append(String.format(Locale.ROOT, "  <text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555555\">time since "
                + "the first run (ms)</text>%n", LEFT + plot / 2, axisY + 36));
        s.append("</g>\n");

        /* the swaps: a dashed line through everything, named after the policy that came in */
        s.append("<g class=\"swaps\">\n");
        for (int i = 0; i < labelRow.length; i++) {
            PolicySwap sw = t.swaps().get(i);
            double x = labelX[i];
            int labelY = LABELS_TOP + labelRow[i] * LABEL_ROW;
            String stroke = sw.fallback() ? "#d0312d" : "#222222";
            s.append(String.format(Locale.ROOT, "  <line class=\"swap\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                    + "stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>%n", x, labelY - 12, x, rowsBottom, stroke));
            s.append(String.format(Locale.ROOT, "  <text class=\"swap-label\" x=\"%.1f\" y=\"%d\" fill=\"%s\" "
                    + "text-anchor=\"%s\" font-weight=\"bold\">%s</text>%n", labelLeft[i] ? x - 5 : x + 5, labelY, stroke,
                    labelLeft[i] ? "end" : "start", Svg.escape(swapText(sw))));
        }
        s.append("</g>\n");

        /* the legend: colour, process, share of the span; then what the dashed lines mean */
        s.append("<g class=\"legend\">\n");
        var ticks = t.ticksByPid();
        for (int i = 0; i < pids.size(); i++) {
            int pid = pids.get(i);
            int x = 20 + (i % 3) * 350;
            int y = legendTop + (i / 3) * 22;
            s.append(String.format(Locale.ROOT, "  <rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>%n", x, y,
                    colour(pid)));
            s.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"%d\">%s: %d ticks (%.0f%%)</text>%n", x + 20, y + 12,
                    Svg.escape(t.label(pid)), ticks.get(pid), 100.0 * ticks.get(pid) / span));
        }
        int y = legendTop + (legendRows - 1) * 22;
        s.append(String.format(Locale.ROOT, "  <line x1=\"20\" y1=\"%d\" x2=\"40\" y2=\"%d\" stroke=\"#222222\" "
                + "stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text x=\"48\" y=\"%d\">policy swapped in (use, install)"
                + "</text>%n", y + 7, y + 7, y + 12));
        s.append(String.format(Locale.ROOT, "  <line x1=\"370\" y1=\"%d\" x2=\"390\" y2=\"%d\" stroke=\"#d0312d\" "
                + "stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text x=\"398\" y=\"%d\">policy thrown out by the kernel "
                + "(fallback)</text>%n", y + 7, y + 7, y + 12));
        s.append("</g>\n</svg>\n");
        return s.toString();
    }

    private static String swapText(PolicySwap sw) {
        return sw.fallback() ? "fallback to " + sw.to() : "swap to " + sw.to();
    }

    private static boolean overlaps(List<double[]> taken, int row, double x0, double x1) {
        for (double[] r : taken) {
            if (r[0] == row && x0 < r[2] && r[1] < x1) {
                return true;
            }
        }
        return false;
    }

    private static String subtitle(Timeline t) {
        List<String> p = t.policies();
        if (p.isEmpty()) {
            return "who ran when, one row per process";
        }
        return "who ran when, one row per process; policies: " + String.join(" -> ", p);
    }

    /** 1, 2 or 5 times a power of ten, at least the rough step. */
    static double niceStep(double rough) {
        if (rough <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= rough) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static String format(double ms) {
        return (ms == Math.rint(ms) ? String.valueOf((long) ms) : String.format(Locale.ROOT, "%.1f", ms)) + " ms";
    }
}
