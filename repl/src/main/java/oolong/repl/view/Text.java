package oolong.repl.view;

import java.nio.charset.Charset;

/** Small text helpers shared by the views: display width, addresses in hex, sizes, and the glyph set. */
public final class Text {
    private Text() {
    }

    /** Columns a string takes on a terminal (every character one column: the views use no wide characters). */
    public static int width(String s) {
        return s.codePointCount(0, s.length());
    }

    /** An address as crash and gdb show it: 0x and 16 hex digits. */
    public static String address(long a) {
        return String.format("0x%016x", a);
    }

    /** A number in hex with 0x, as short as it can be. */
    public static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** A byte count in KiB, MiB or GiB with one decimal (bytes below 1 KiB). */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n / 1024.0;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /**
     * Whether box-drawing characters survive the way out: true when the platform's default charset
     * (what System.out and the terminal encode with) can encode them; a C locale gets ASCII.
     */
    public static boolean unicode() {
        return UNICODE;
    }

    private static final boolean UNICODE = Charset.defaultCharset().newEncoder().canEncode("├─└│");
}
