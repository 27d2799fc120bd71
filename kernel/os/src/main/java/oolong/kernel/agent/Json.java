package oolong.kernel.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader for agent requests (RFC 8259): objects become LinkedHashMaps,
 * arrays ArrayLists, numbers Long when integral and in range, else Double; strings, booleans and
 * null as usual. Input from the host is never trusted: nesting depth and string sizes are
 * bounded, and every error names its position.
 */
public final class Json {
    public static final int MAX_DEPTH = 32;

    /** A syntax error, with the offset where it was found. */
    public static final class ParseException extends Exception {
        public final int position;

        ParseException(String message, int position) {
            super(message + " at offset " + position);
            this.position = position;
        }
    }

    private final String s;
    private int pos;

    private Json(String s) {
        this.s = s;
    }

    /** Parses exactly one JSON value (surrounding whitespace allowed). */
    public static Object parse(String text) throws ParseException {
        Json p = new Json(text);
        p.skipSpace();
        Object v = p.value(0);
        p.skipSpace();
        if (p.pos != text.length()) {
            throw new ParseException("unexpected text after the value", p.pos);
        }
        return v;
    }

    private Object value(int depth) throws ParseException {
        if (depth > MAX_DEPTH) {
            throw new ParseException("nested deeper than " + MAX_DEPTH, pos);
        }
        if (pos >= s.length()) {
            throw new ParseException("unexpected end of input", pos);
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{': return object(depth);
            case '[': return array(depth);
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw new ParseException("unexpected character '" + printable(c) + "'", pos);
        }
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7E ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private Object literal(String word, Object v) throws ParseException {
        if (!s.startsWith(word, pos)) {
            throw new ParseException("expected " + word, pos);
        }
        pos += word.length();
        return v;
    }

    private Map<String, Object> object(int depth) throws ParseException {
        Map<String, Object> m = new LinkedHashMap<>();
        pos++;
        skipSpace();
        if (peek() == '}') {
            pos++;
            return m;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw new ParseException("expected a member name", pos);
            }
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            m.put(key, value(depth + 1));
            skipSpace();
            char c = next();
            if (c == '}') {
                return m;
            }
            if (c != ',') {
                throw new ParseException("expected ',' or '}'", pos - 1);
            }
        }
    }

    private List<Object> array(int depth) throws ParseException {
        List<Object> a = new ArrayList<>();
        pos++;
        skipSpace();
        if (peek() == ']') {
            pos++;
            return a;
        }
        while (true) {
            skipSpace();
            a.add(value(depth + 1));
            skipSpace();
            char c = next();
            if (c == ']') {
                return a;
            }
            if (c != ',') {
                throw new ParseException("expected ',' or ']'", pos - 1);
            }
        }
    }

    private String string() throws ParseException {
        int start = pos;
        pos++;
        /* the usual string has no escapes (a class file's base64 is kilobytes of them): one scan and
           one substring, not a StringBuilder grown char by char */
        for (int i = pos; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                pos = i + 1;
                return s.substring(start + 1, i);
            }
            if (c == '\\' || c < 0x20) {
                break;                    /* the careful path below handles it (and reports errors) */
            }
        }
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw new ParseException("unterminated string", start);
            }
            char c = s.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw new ParseException("control character in a string", pos - 1);
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append((char) hex4());
                default -> throw new ParseException("bad escape '\\" + printable(e) + "'", pos - 1);
            }
        }
    }

    private int hex4() throws ParseException {
        if (pos + 4 > s.length()) {
            throw new ParseException("truncated \\u escape", pos);
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(s.charAt(pos++), 16);
            if (d < 0) {
                throw new ParseException("bad hex digit in \\u escape", pos - 1);
            }
            v = v * 16 + d;
        }
        return v;
    }

    private Object number() throws ParseException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (peek() >= '1' && peek() <= '9') {
            while (peek() >= '0' && peek() <= '9') {
                pos++;
            }
        } else {
            throw new ParseException("expected a digit", pos);
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!(peek() >= '0' && peek() <= '9')) {
                throw new ParseException("expected a digit after '.'", pos);
            }
            while (peek() >= '0' && peek() <= '9') {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!(peek() >= '0' && peek() <= '9')) {
                throw new ParseException("expected a digit in the exponent", pos);
            }
            while (peek() >= '0' && peek() <= '9') {
                pos++;
            }
        }
        String text = s.substring(start, pos);
        if (integral) {
            /* Long.parseLong decides the range itself: -9223372036854775808 is a long, one more is not */
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                /* beyond long: fall through to double */
            }
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new ParseException("bad number", start);
        }
    }

    private void skipSpace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private char next() throws ParseException {
        if (pos >= s.length()) {
            throw new ParseException("unexpected end of input", pos);
        }
        return s.charAt(pos++);
    }

    private void expect(char c) throws ParseException {
        if (next() != c) {
            throw new ParseException("expected '" + c + "'", pos - 1);
        }
    }
}
