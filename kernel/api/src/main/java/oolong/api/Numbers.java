package oolong.api;

/**
 * 64-bit numbers as people write addresses: {@code 0x} hex or decimal up to 2^64-1 (so the upper
 * half of the address space, 0xffff800000000000 and up, can be named), or a negative decimal.
 * The result is the 64-bit pattern, as a long. Used by the puppet program for its addresses and
 * values, and by the REPL to check what it sends.
 */
public final class Numbers {
    private static final long MAX_DIV_10 = Long.divideUnsigned(-1L, 10);
    private static final long MAX_MOD_10 = Long.remainderUnsigned(-1L, 10);

    private Numbers() {
    }

    /** The number's 64 bits; NumberFormatException when the text is not one or does not fit. */
    public static long parse64(String text) {
        String s = text.trim();
        if (s.startsWith("0x") || s.startsWith("0X")) {
            String digits = s.substring(2);
            if (digits.isEmpty() || digits.length() > 16) {
                throw new NumberFormatException("not a 64-bit hex number: " + text);
            }
            long v = 0;
            for (int i = 0; i < digits.length(); i++) {
                int d = Character.digit(digits.charAt(i), 16);
                if (d < 0) {
                    throw new NumberFormatException("not a hex number: " + text);
                }
                v = v << 4 | d;
            }
            return v;
        }
        if (s.startsWith("-")) {
            return Long.parseLong(s);
        }
        if (s.isEmpty()) {
            throw new NumberFormatException("not a number: \"" + text + "\"");
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), 10);
            if (d < 0) {
                throw new NumberFormatException("not a number: " + text);
            }
            /* unsigned overflow check: v * 10 + d must stay below 2^64 */
            if (Long.compareUnsigned(v, MAX_DIV_10) > 0 || (v == MAX_DIV_10 && d > MAX_MOD_10)) {
                throw new NumberFormatException("larger than 2^64-1: " + text);
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** How the REPL writes an address: unsigned hex, which parse64 reads back whatever its top bit. */
    public static String address(long address) {
        return "0x" + Long.toHexString(address);
    }
}
