package oolong.introspect.debug;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Source lines of code addresses, from the image's DWARF line tables through binutils'
 * {@code addr2line} (the same tool that reads them for gdb's users; it comes with the linker the
 * build needs). Because TeaVM writes {@code #line} directives, the lines are Java's:
 * {@code oolong/kernel/proc/Processes.java:309}. With {@code -i}, code gcc inlined gives one
 * line per inlined call, innermost first. Without addr2line, lookups return nothing and
 * backtraces fall back to symbols.
 */
public final class SourceLines {
    /** One line of the inline chain: the C function whose code it is, and the file and line. */
    public record Line(String cFunction, String file, int line) {
        /** Whether the line is Java's (TeaVM's #line) rather than of a C file. */
        public boolean java() {
            return file.endsWith(".java");
        }

        /** The file name without directories: "Processes.java". */
        public String fileName() {
            return file.substring(file.lastIndexOf('/') + 1);
        }

        @Override
        public String toString() {
            return fileName() + ":" + line;
        }
    }

    private final Path elf;
    private final Map<Long, List<Line>> cache = new HashMap<>();
    private Boolean available;

    public SourceLines(Path elf) {
        this.elf = elf;
    }

    /** The inline chain of one address, innermost first (empty when unknown). */
    public List<Line> lines(long address) {
        return lines(List.of(address)).getOrDefault(address, List.of());
    }

    /** The inline chains of several addresses, with one run of addr2line for those not seen before. */
    public synchronized Map<Long, List<Line>> lines(Collection<Long> addresses) {
        List<Long> missing = new ArrayList<>();
        for (long a : addresses) {
            if (!cache.containsKey(a) && !missing.contains(a)) {
                missing.add(a);
            }
        }
        if (!missing.isEmpty() && available != Boolean.FALSE) {
            cache.putAll(run(missing));
        }
        Map<Long, List<Line>> out = new LinkedHashMap<>();
        for (long a : addresses) {
            out.put(a, cache.getOrDefault(a, List.of()));
        }
        return out;
    }

    private Map<Long, List<Line>> run(List<Long> addresses) {
        List<String> cmd = new ArrayList<>(List.of("addr2line", "-a", "-f", "-i", "-e", elf.toString()));
        for (long a : addresses) {
            cmd.add("0x" + Long.toHexString(a));
        }
        Map<Long, List<Line>> out = new HashMap<>();
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return out;
            }
            available = true;
            parse(text, out);
        } catch (IOException e) {
            available = false;        /* no binutils: symbols only */
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (long a : addresses) {
            out.putIfAbsent(a, List.of());
        }
        return out;
    }

    /** Parses addr2line -a -f -i output: an address line, then pairs of function and file:line. */
    static void parse(String text, Map<Long, List<Line>> out) {
        List<Line> current = null;
        String function = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("0x") && function == null) {
                current = new ArrayList<>();
                out.put(Long.parseUnsignedLong(line.substring(2).trim(), 16), current);
                continue;
            }
            if (current == null) {
                continue;
            }
            if (function == null) {
                function = line.trim();
                continue;
            }
            int colon = line.lastIndexOf(':');
            String file = colon > 0 ? line.substring(0, colon) : line;
            String number = colon > 0 ? line.substring(colon + 1).replaceAll("\\s*\\(.*\\)$", "").trim() : "0";
            int n;
            try {
                n = Integer.parseInt(number);
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (!file.equals("??") && n > 0) {
                current.add(new Line(function, file, n));
            }
            function = null;
        }
    }
}
