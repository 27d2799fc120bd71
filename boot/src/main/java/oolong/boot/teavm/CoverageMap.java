package oolong.boot.teavm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which block numbers {@link CoverageTransformer} gave to which method, for one translation. The
 * file it writes (coverage-map.tsv) has a header line and then one line per method that TeaVM
 * compiled:
 *
 * <pre>
 *   first-block  blocks  class  method-descriptor  line,line,...   (the first source line of each block; 0: none)
 * </pre>
 *
 * Methods the transformer saw but TeaVM never reached are left out: they are not in the image,
 * and their blocks could never be covered.
 */
public final class CoverageMap {
    /** The most blocks the kernel's counters can hold (oolong.kernel.coverage.Coverage.MAX_BLOCKS). */
    public static final int MAX_BLOCKS = 1 << 16;
    public static final String HEADER = "# oolong kernel coverage map: first\tblocks\tclass\tmethod\tlines";

    record Method(String className, String descriptor, int first, int[] lines) {
    }

    private static final List<Method> METHODS = new ArrayList<>();
    private static int next;

    private CoverageMap() {
    }

    /** Starts a new translation: numbering from 0. */
    public static synchronized void reset() {
        METHODS.clear();
        next = 0;
    }

    static synchronized int allocate(int blocks) {
        int first = next;
        next += blocks;
        if (next > MAX_BLOCKS) {
            throw new IllegalStateException("the kernel has more than " + MAX_BLOCKS
                    + " basic blocks: raise Coverage.MAX_BLOCKS and CoverageMap.MAX_BLOCKS");
        }
        return first;
    }

    static synchronized void record(String className, String descriptor, int first, int[] lines) {
        METHODS.add(new Method(className, descriptor, first, lines));
    }

    public static synchronized int blocks() {
        return next;
    }

    /**
     * Writes the map of the methods TeaVM reached; {@code reachable} holds "class.descriptor"
     * strings (TeaVM's MethodReference.toString()).
     */
    public static synchronized void write(Path file, Collection<String> reachable) throws IOException {
        Set<String> reached = new HashSet<>(reachable);
        List<String> out = new ArrayList<>();
        out.add(HEADER);
        for (Method m : METHODS) {
            if (!reached.contains(m.className() + "." + m.descriptor())) {
                continue;
            }
            StringBuilder lines = new StringBuilder();
            for (int line : m.lines()) {
                lines.append(lines.length() == 0 ? "" : ",").append(line);
            }
            out.add(m.first() + "\t" + m.lines().length + "\t" + m.className() + "\t" + m.descriptor() + "\t" + lines);
        }
        Files.write(file, out);
    }
}
