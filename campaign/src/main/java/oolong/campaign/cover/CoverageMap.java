package oolong.campaign.cover;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which kernel block is which: the map the build writes beside the coverage kernel
 * (kernel-coverage-map.tsv: first block, blocks, class, method, the first source line of each
 * block). Turns a set of covered blocks into coverage per package and per method.
 */
public final class CoverageMap {
    /** One compiled method and its blocks. */
    public record Method(int first, int blocks, String className, String method, int[] lines) {
        public String packageName() {
            int dot = className.lastIndexOf('.');
            return dot < 0 ? "" : className.substring(0, dot);
        }
    }

    private final List<Method> methods;
    private final BitSet all = new BitSet();

    private CoverageMap(List<Method> methods) {
        this.methods = List.copyOf(methods);
        for (Method m : methods) {
            all.set(m.first(), m.first() + m.blocks());
        }
    }

    public static CoverageMap read(Path file) throws IOException {
        List<Method> methods = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            String[] ls = f[4].isEmpty() ? new String[0] : f[4].split(",");
            int[] lines = new int[ls.length];
            for (int i = 0; i < ls.length; i++) {
                lines[i] = Integer.parseInt(ls[i]);
            }
            methods.add(new Method(Integer.parseInt(f[0]), Integer.parseInt(f[1]), f[2], f[3], lines));
        }
        return new CoverageMap(methods);
    }

    public List<Method> methods() {
        return methods;
    }

    /** Every block of a compiled method. */
    public int blocks() {
        return all.cardinality();
    }

    /** Covered blocks that belong to compiled methods. */
    public int covered(BitSet covered) {
        BitSet c = (BitSet) covered.clone();
        c.and(all);
        return c.cardinality();
    }

    /** Per package: {covered, total} blocks, packages in name order. */
    public Map<String, int[]> byPackage(BitSet covered) {
        Map<String, int[]> out = new TreeMap<>();
        for (Method m : methods) {
            int[] t = out.computeIfAbsent(m.packageName(), k -> new int[2]);
            t[1] += m.blocks();
            for (int b = m.first(); b < m.first() + m.blocks(); b++) {
                if (covered.get(b)) {
                    t[0]++;
                }
            }
        }
        return out;
    }

    /** The coverage summary: overall, then one line per package. */
    public String report(BitSet covered) {
        StringBuilder sb = new StringBuilder();
        int c = covered(covered);
        sb.append(String.format("kernel coverage: %d of %d blocks (%.1f%%) in %d methods%n", c, blocks(),
                100.0 * c / Math.max(1, blocks()), methods.size()));
        sb.append(String.format("%-36s %8s %8s %7s%n", "package", "covered", "blocks", "%"));
        for (Map.Entry<String, int[]> e : byPackage(covered).entrySet()) {
            int[] t = e.getValue();
            sb.append(String.format("%-36s %8d %8d %6.1f%%%n", e.getKey(), t[0], t[1], 100.0 * t[0] / Math.max(1, t[1])));
        }
        return sb.toString();
    }

    /** A set of blocks as the hex the agent and the campaign's files use (digit k: blocks 4k..4k+3, lowest bit first). */
    public static String hex(BitSet b) {
        int digits = (b.length() + 3) / 4;
        StringBuilder sb = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            int d = 0;
            for (int bit = 0; bit < 4; bit++) {
                if (b.get(i * 4 + bit)) {
                    d |= 1 << bit;
                }
            }
            sb.append(Character.forDigit(d, 16));
        }
        return sb.toString();
    }

    public static BitSet fromHex(String hex) {
        BitSet b = new BitSet(hex.length() * 4);
        String h = hex.strip();
        for (int i = 0; i < h.length(); i++) {
            int d = Character.digit(h.charAt(i), 16);
            if (d < 0) {
                throw new IllegalArgumentException("not a coverage bitmap: bad digit at " + i);
            }
            for (int bit = 0; bit < 4; bit++) {
                if ((d & (1 << bit)) != 0) {
                    b.set(i * 4 + bit);
                }
            }
        }
        return b;
    }
}
