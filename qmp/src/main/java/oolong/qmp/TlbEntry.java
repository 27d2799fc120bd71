package oolong.qmp;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One mapping as the CPU's page tables show it (`info tlb`): a virtual page, its physical page,
 * and QEMU's flag letters (X: executable unless NX, G global, P PSE/large, D dirty, A accessed,
 * C/T cache bits, U user, W writable; '-' for clear). Large pages show their first address.
 */
public record TlbEntry(long virtualAddress, long physicalAddress, String flags) {
    private static final Pattern LINE = Pattern.compile("^\\s*([0-9a-fA-F]+):\\s+([0-9a-fA-F]+)\\s+(\\S+)\\s*$");

    public boolean user() {
        return flags.indexOf('U') >= 0;
    }

    public boolean writable() {
        return flags.indexOf('W') >= 0;
    }

    /** QEMU prints 'X' for NX (no-execute) pages. */
    public boolean noExecute() {
        return flags.indexOf('X') >= 0;
    }

    public static List<TlbEntry> parseTlb(String text) {
        List<TlbEntry> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                out.add(new TlbEntry(Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16),
                        m.group(3)));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return String.format("%016x -> %016x %s", virtualAddress, physicalAddress, flags);
    }
}
