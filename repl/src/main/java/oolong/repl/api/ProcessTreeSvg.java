package oolong.repl.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The process tree as an SVG picture ({@code k.ps().svg(file)}): one box per process (pid, program,
 * state) drawn top-down from init, leaves side by side and each parent centred over its children,
 * boxes filled by state with a legend, on an opaque background so it projects well.
 */
final class ProcessTreeSvg {
    private static final int BOX_W = 128;
    private static final int BOX_H = 44;
    private static final int COLUMN = 140;
    private static final int ROW = 84;
    private static final int MARGIN = 24;
    private static final int TOP = 56;

    /** Fill colours by state: running green, waiting blues and ambers, dying red, dead greys. */
    static final Map<String, String> COLOURS = new LinkedHashMap<>();

    static {
        COLOURS.put("RUNNING", "#2e9d4f");
        COLOURS.put("WAITS4CHILDDEATH", "#4a78c2");
        COLOURS.put("WAITS4TIMER", "#7fa8e0");
        COLOURS.put("WAITS4PIPE", "#d9a21b");
        COLOURS.put("WAITS4REQUEST", "#9a6fc9");
        COLOURS.put("WAITS4FS", "#5fb3b3");
        COLOURS.put("DYING", "#d0453a");
        COLOURS.put("TOREAP", "#8c8c8c");
        COLOURS.put("TOMBSTONE", "#5c5c5c");
        COLOURS.put("FORGOTTEN", "#b0b0b0");
        COLOURS.put("FREED", "#d8d8d8");
    }

    private ProcessTreeSvg() {
    }

    static String colour(String state) {
        return COLOURS.getOrDefault(state, "#c0c0c0");
    }

    static String render(ProcessTree tree) {
        int n = tree.size();
        int[] parent = new int[n];
        List<List<Integer>> children = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            children.add(new ArrayList<>());
            parent[i] = -1;
            /* in pre-order, the parent is the nearest earlier process one level up */
            for (int j = i - 1; j >= 0; j--) {
                if (tree.get(j).depth() == tree.get(i).depth() - 1) {
                    parent[i] = j;
                    children.get(j).add(i);
                    break;
                }
                if (tree.get(j).depth() < tree.get(i).depth() - 1) {
                    break;
                }
            }
        }
        double[] x = new double[n];
        double[] nextLeaf = {0};
        int maxDepth = 0;
        for (int i = 0; i < n; i++) {
            if (parent[i] < 0) {
                place(i, children, x, nextLeaf);
            }
            maxDepth = Math.max(maxDepth, level(i, parent));
        }
        int width = Math.max(560, (int) Math.ceil(nextLeaf[0]) * COLUMN + 2 * MARGIN);
        int legendTop = TOP + (maxDepth + 1) * ROW;
        List<String> states = new ArrayList<>();
        for (ProcessInfo p : tree) {
            if (!states.contains(p.state())) {
                states.add(p.state());
            }
        }
        int height = legendTop + 28 + 22 * ((states.size() + 2) / 3);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"13\">%n",
                width, height, width, height));
        s.append(String.format("<rect class=\"background\" x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n",
                width, height));
        long alive = tree.stream().filter(ProcessInfo::alive).count();
        s.append(String.format("<text class=\"title\" x=\"%d\" y=\"30\" font-size=\"18\" font-weight=\"bold\">Oolong "
                + "process tree: %d processes, %d alive</text>%n", MARGIN, n, alive));
        for (int i = 0; i < n; i++) {
            if (parent[i] >= 0) {
                double x1 = MARGIN + x[parent[i]] * COLUMN + BOX_W / 2.0;
                double y1 = TOP + level(parent[i], parent) * ROW + BOX_H;
                double x2 = MARGIN + x[i] * COLUMN + BOX_W / 2.0;
                double y2 = TOP + level(i, parent) * ROW;
                double mid = (y1 + y2) / 2;
                s.append(String.format(Locale.ROOT, "<path class=\"edge\" d=\"M%.1f %.1f V%.1f H%.1f V%.1f\" fill=\"none\" "
                        + "stroke=\"#555555\" stroke-width=\"1.5\"/>%n", x1, y1, mid, x2, y2));
            }
        }
        for (int i = 0; i < n; i++) {
            ProcessInfo p = tree.get(i);
            double bx = MARGIN + x[i] * COLUMN;
            int by = TOP + level(i, parent) * ROW;
            boolean dark = !p.state().equals("FREED") && !p.state().equals("FORGOTTEN") && !p.state().equals("WAITS4TIMER");
            String ink = dark ? "#ffffff" : "#111111";
            s.append(String.format(Locale.ROOT, "<g class=\"process\" data-pid=\"%d\" data-state=\"%s\">%n", p.pid(),
                    Svg.escape(p.state())));
            s.append(String.format(Locale.ROOT, "  <rect x=\"%.1f\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"7\" fill=\"%s\" "
                    + "stroke=\"#333333\"/>%n", bx, by, BOX_W, BOX_H, colour(p.state())));
            s.append(String.format(Locale.ROOT, "  <text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\" "
                    + "font-weight=\"bold\">%d %s</text>%n", bx + BOX_W / 2.0, by + 18, ink, p.pid(), Svg.escape(p.program())));
            s.append(String.format(Locale.ROOT, "  <text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\" "
                    + "font-size=\"10\">%s</text>%n", bx + BOX_W / 2.0, by + 35, ink, Svg.escape(p.state()
                    + (p.code() == null ? "" : " (" + p.code() + ")"))));
            s.append("</g>\n");
        }
        s.append(String.format("<g class=\"legend\">%n"));
        for (int i = 0; i < states.size(); i++) {
            int lx = MARGIN + (i % 3) * 180;
            int ly = legendTop + 8 + (i / 3) * 22;
            s.append(String.format(Locale.ROOT, "  <rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" rx=\"3\" fill=\"%s\" "
                    + "stroke=\"#333333\"/><text x=\"%d\" y=\"%d\">%s</text>%n", lx, ly, colour(states.get(i)), lx + 20,
                    ly + 12, Svg.escape(states.get(i))));
        }
        s.append("</g>\n</svg>\n");
        return s.toString();
    }

    /** Places a subtree: leaves take the next free column, a parent sits over the middle of its children. */
    private static void place(int i, List<List<Integer>> children, double[] x, double[] nextLeaf) {
        List<Integer> kids = children.get(i);
        if (kids.isEmpty()) {
            x[i] = nextLeaf[0]++;
            return;
        }
        for (int c : kids) {
            place(c, children, x, nextLeaf);
        }
        x[i] = (x[kids.get(0)] + x[kids.get(kids.size() - 1)]) / 2;
    }

    private static int level(int i, int[] parent) {
        int l = 0;
        for (int p = parent[i]; p >= 0; p = parent[p]) {
            l++;
        }
        return l;
    }
}
