package oolong.kernel.agent;

/**
 * Writes one JSON value into a reusable buffer, in order: {@code begin/end} for objects and
 * arrays, {@code name} before each member, values in between; commas are placed automatically.
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder(256);
    private boolean needComma;

    public JsonWriter reset() {
        out.setLength(0);
        needComma = false;
        return this;
    }

    private void separate() {
        if (needComma) {
            out.append(',');
        }
    }

    public JsonWriter beginObject() {
        separate();
        out.append('{');
        needComma = false;
        return this;
    }

    public JsonWriter endObject() {
        out.append('}');
        needComma = true;
        return this;
    }

    public JsonWriter beginArray() {
        separate();
        out.append('[');
        needComma = false;
        return this;
    }

    public JsonWriter endArray() {
        out.append(']');
        needComma = true;
        return this;
    }

    public JsonWriter name(String name) {
        separate();
        quote(name);
        out.append(':');
        needComma = false;
        return this;
    }

    public JsonWriter value(String v) {
        separate();
        if (v == null) {
            out.append("null");
        } else {
            quote(v);
        }
        needComma = true;
        return this;
    }

    public JsonWriter value(long v) {
        separate();
        out.append(v);
        needComma = true;
        return this;
    }

    public JsonWriter value(boolean v) {
        separate();
        out.append(v);
        needComma = true;
        return this;
    }

    public JsonWriter nullValue() {
        separate();
        out.append("null");
        needComma = true;
        return this;
    }

    /** Writes a value that is already JSON text (an id echoed from the request). */
    public JsonWriter raw(String json) {
        separate();
        out.append(json);
        needComma = true;
        return this;
    }

    /** Writes another writer's value, or null if it holds none (no intermediate String). */
    public JsonWriter raw(JsonWriter json) {
        separate();
        if (json.out.length() == 0) {
            out.append("null");
        } else {
            out.append(json.out);
        }
        needComma = true;
        return this;
    }

    private byte[] bytes = new byte[256];

    /**
     * The text as UTF-8 followed by a newline, in a buffer this writer reuses; returns the number
     * of bytes (valid until the next call). A lone surrogate becomes '?', as String.getBytes does.
     */
    public int encodeLine() {
        int n = out.length();
        if (bytes.length < 3 * n + 1) {
            bytes = new byte[3 * n + 64];
        }
        byte[] b = bytes;
        int j = 0;
        for (int i = 0; i < n; i++) {
            char c = out.charAt(i);
            if (c < 0x80) {
                b[j++] = (byte) c;
            } else if (c < 0x800) {
                b[j++] = (byte) (0xC0 | (c >> 6));
                b[j++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(out.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, out.charAt(++i));
                b[j++] = (byte) (0xF0 | (cp >> 18));
                b[j++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[j++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[j++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                b[j++] = '?';
            } else {
                b[j++] = (byte) (0xE0 | (c >> 12));
                b[j++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[j++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        b[j++] = '\n';
        return j;
    }

    /** The buffer {@link #encodeLine} filled. */
    public byte[] encoded() {
        return bytes;
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
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    public int length() {
        return out.length();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
