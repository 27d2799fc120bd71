package oolong.qmp;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A mapped virtual range as `info mem` prints it: start, end, size, and permissions (u r w). */
public record MemRange(long start, long end, long size, String permissions) {
    private static final Pattern LINE = Pattern.compile(
            "^\\s*([0-9a-fA-F]+)-([0-9a-fA-F]+)\\s+([0-9a-fA-F]+)\\s+(\\S+)\\s*$");

    public static List<MemRange> parse(String text) {
        List<MemRange> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                out.add(new MemRange(Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16),
                        Long.parseUnsignedLong(m.group(3), 16), m.group(4)));
            }
        }
        return out;
    }

    /** As `info mem` prints it (addresses and size in hex), so a List of them reads like QEMU's. */
    @Override
    public String toString() {
        return String.format("%016x-%016x %016x %s", start, end, size, permissions);
    }
}
