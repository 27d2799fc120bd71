package oolong.kernel.agent;

/**
 * Writes one JSON value into a reusable buffer, in order: {@code begin/end} for objects and
 * arrays, {@code name} before each member, values in between; commas are placed automatically.
 *
 * The buffer holds the UTF-8 bytes themselves, not characters: what is written is what goes to
 * the virtio port, so a response costs one copy into the port's queue (no character-to-byte pass),
 * a writer copied into another ({@link #raw(JsonWriter)}) is one array copy, and numbers are
 * written digit by digit with divisions by the constant 10, which gcc turns into multiplications.
 * (TeaVM's StringBuilder.append(long) divides by a variable radix three times per digit, and
 * under TCG every division is a helper call: that and the per-character passes were most of a
 * {@code ps} row's cost; docs/perf.md.)
 */
public final class JsonWriter {
    private byte[] out = new byte[256];
    private int length;
    private boolean needComma;

    public JsonWriter reset() {
        length = 0;
        needComma = false;
        return this;
    }

    /** Room for n more bytes (and the newline {@link #encodeLine} adds). */
    private void room(int n) {
        if (length + n + 1 > out.length) {
            byte[] bigger = new byte[Math.max(out.length * 2, length + n + 64)];
            System.arraycopy(out, 0, bigger, 0, length);
            out = bigger;
        }
    }

    private void put(char c) {
        room(1);
        out[length++] = (byte) c;
    }

    private void putAscii(String s) {
        int n = s.length();
        room(n);
        for (int i = 0; i < n; i++) {
            out[length++] = (byte) s.charAt(i);
        }
    }

    private void separate() {
        if (needComma) {
            put(',');
        }
    }

    public JsonWriter beginObject() {
        separate();
        put('{');
        needComma = false;
        return this;
    }

    public JsonWriter endObject() {
        put('}');
        needComma = true;
        return this;
    }

    public JsonWriter beginArray() {
        separate();
        put('[');
        needComma = false;
        return this;
    }

    public JsonWriter endArray() {
        put(']');
        needComma = true;
        return this;
    }

    public JsonWriter name(String name) {
        separate();
        quote(name);
        put(':');
        needComma = false;
        return this;
    }

    public JsonWriter value(String v) {
        separate();
        if (v == null) {
            putAscii("null");
        } else {
            quote(v);
        }
        needComma = true;
        return this;
    }

    public JsonWriter value(long v) {
        separate();
        number(v);
        needComma = true;
        return this;
    }

    private void number(long v) {
        room(20);
        length = digits(out, length, v);
    }

    /**
     * Writes v's decimal digits into b at len (room for 20 bytes checked by the caller); returns the
     * new length. Long.MIN_VALUE works too: the digits are taken from the negative side.
     */
    private static int digits(byte[] b, int len, long v) {
        if (v >= 0 && v < 10) {
            b[len++] = (byte) ('0' + v);
            return len;
        }
        if (v < 0) {
            b[len++] = '-';
        }
        long n = v < 0 ? v : -v;
        int count = 1;
        for (long p = -10; count < 19 && n <= p; p *= 10) {
            count++;
        }
        int end = len + count;
        int i = end;
        if (n >= Integer.MIN_VALUE) {
            int m = (int) n;                /* most numbers fit: 32-bit divisions are cheaper */
            while (m != 0) {
                b[--i] = (byte) ('0' - m % 10);
                m /= 10;
            }
        } else {
            while (n != 0) {
                b[--i] = (byte) ('0' - n % 10);
                n /= 10;
            }
        }
        return end;
    }

    /**
     * A JSON array of integers in one pass, as a ps row is: {@code [c0,c1,...]}, cell i written as
     * null where bit i of {@code nulls} is set. One method for the whole row rather than a call per
     * value and per byte: under TCG every call and check is paid in full (docs/perf.md).
     */
    public JsonWriter integers(long[] cells, int n, long nulls) {
        separate();
        room(2 + 21 * n);
        byte[] b = out;
        int len = length;
        b[len++] = '[';
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b[len++] = ',';
            }
            if (((nulls >>> i) & 1) != 0) {
                b[len++] = 'n';
                b[len++] = 'u';
                b[len++] = 'l';
                b[len++] = 'l';
            } else {
                len = digits(b, len, cells[i]);
            }
        }
        b[len++] = ']';
        length = len;
        needComma = true;
        return this;
    }

    public JsonWriter value(boolean v) {
        separate();
        putAscii(v ? "true" : "false");
        needComma = true;
        return this;
    }

    public JsonWriter nullValue() {
        separate();
        putAscii("null");
        needComma = true;
        return this;
    }

    /** Writes a value that is already JSON text (an id echoed from the request). */
    public JsonWriter raw(String json) {
        separate();
        utf8(json);
        needComma = true;
        return this;
    }

    /** Writes another writer's value, or null if it holds none (one array copy). */
    public JsonWriter raw(JsonWriter json) {
        separate();
        if (json.length == 0) {
            putAscii("null");
        } else {
            room(json.length);
            System.arraycopy(json.out, 0, out, length, json.length);
            length += json.length;
        }
        needComma = true;
        return this;
    }

    /**
     * Ends the text with a newline in this writer's own buffer and returns the number of bytes
     * (valid until the writer is written again). Lone surrogates were written as '?', as
     * String.getBytes does.
     */
    public int encodeLine() {
        out[length] = '\n';           /* room() always leaves a byte for it */
        return length + 1;
    }

    /** The buffer {@link #encodeLine} filled. */
    public byte[] encoded() {
        return out;
    }

    public JsonWriter field(String name, String v) {
        return name(name).value(v);
    }

    public JsonWriter field(String name, long v) {
        return name(name).value(v);
    }

    public JsonWriter field(String name, boolean v) {
        return name(name).value(v);
    }

    private void quote(String s) {
        put('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> putAscii("\\\"");
                case '\\' -> putAscii("\\\\");
                case '\n' -> putAscii("\\n");
                case '\r' -> putAscii("\\r");
                case '\t' -> putAscii("\\t");
                default -> {
                    if (c < 0x20) {
                        putAscii("\\u00");
                        put(Character.forDigit(c >> 4, 16));
                        put(Character.forDigit(c & 15, 16));
                    } else if (c < 0x80) {
                        put(c);
                    } else {
                        i = utf8(s, i);
                    }
                }
            }
        }
        put('"');
    }

    /** Appends text as UTF-8. */
    private void utf8(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                put(c);
            } else {
                i = utf8(s, i);
            }
        }
    }

    /** Appends the non-ASCII character at i (two chars for a surrogate pair) as UTF-8; returns the index of its last char. */
    private int utf8(String s, int i) {
        char c = s.charAt(i);
        room(4);
        if (c < 0x800) {
            out[length++] = (byte) (0xC0 | (c >> 6));
            out[length++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(++i));
            out[length++] = (byte) (0xF0 | (cp >> 18));
            out[length++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            out[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            out[length++] = (byte) (0x80 | (cp & 0x3F));
        } else if (Character.isSurrogate(c)) {
            out[length++] = '?';
        } else {
            out[length++] = (byte) (0xE0 | (c >> 12));
            out[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            out[length++] = (byte) (0x80 | (c & 0x3F));
        }
        return i;
    }

    /** Bytes written so far (UTF-8). */
    public int length() {
        return length;
    }

    @Override
    public String toString() {
        return Agent.decodeUtf8(out, length);
    }
}
