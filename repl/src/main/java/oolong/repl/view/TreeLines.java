package oolong.repl.view;

/**
 * The connectors pstree draws in front of each node of a tree listed in pre-order, from the nodes'
 * depths alone: "├─ " for a node with later siblings, "└─ " for the last child, and "│  " or
 * spaces for the ancestors' levels. A C locale gets the ASCII set ("|- ", "`- ", "|  ").
 */
public final class TreeLines {
    private TreeLines() {
    }

    /** The glyphs: branch, last branch, pipe; each three columns wide. */
    private record Glyphs(String branch, String last, String pipe) {
    }

    private static final Glyphs UNICODE = new Glyphs("├─ ", "└─ ", "│  ");
    private static final Glyphs ASCII = new Glyphs("|- ", "`- ", "|  ");

    /** Prefixes for nodes at these depths (pre-order; the roots have the smallest depth). */
    public static String[] prefixes(int[] depths, boolean unicode) {
        Glyphs g = unicode ? UNICODE : ASCII;
        int n = depths.length;
        int base = Integer.MAX_VALUE;
        for (int d : depths) {
            base = Math.min(base, d);
        }
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            int level = depths[i] - base;
            StringBuilder sb = new StringBuilder();
            for (int a = 1; a < level; a++) {
                /* the ancestor at this level: does it have a later sibling? */
                sb.append(hasLaterSibling(depths, ancestorIndex(depths, i, a + base), base) ? g.pipe() : "   ");
            }
            if (level > 0) {
                sb.append(hasLaterSibling(depths, i, base) ? g.branch() : g.last());
            }
            out[i] = sb.toString();
        }
        return out;
    }

    /** The nearest node before i at the given depth: i's ancestor at that depth. */
    private static int ancestorIndex(int[] depths, int i, int depth) {
        for (int j = i - 1; j >= 0; j--) {
            if (depths[j] == depth) {
                return j;
            }
        }
        return i;
    }

    /** Whether a later node has the same depth before any node shallower than it (a later sibling). */
    private static boolean hasLaterSibling(int[] depths, int i, int base) {
        for (int j = i + 1; j < depths.length; j++) {
            if (depths[j] < depths[i]) {
                return false;
            }
            if (depths[j] == depths[i]) {
                return true;
            }
        }
        return false;
    }
}
