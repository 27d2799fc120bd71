package oolong.kernel.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesEveryKindOfValue() throws Exception {
        Object v = Json.parse(" {\"a\":[1,-2,3.5,1e3,true,false,null],\"b\":{\"c\":\"x\\ny\\u00e9\"}} ");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        assertEquals(java.util.Arrays.asList(1L, -2L, 3.5, 1000.0, true, false, null), m.get("a"));
        assertEquals(Map.of("c", "x\nyé"), m.get("b"));
        assertEquals(List.of(), Json.parse("[]"));
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(9.223372036854775808E18, Json.parse("9223372036854775808"));
    }

    /** Strings without escapes take one scan and a substring; an escape, a control character or no end still take the careful path. */
    @Test
    void plainStringsAndStringsThatNeedTheCarefulPath() throws Exception {
        String base64 = "yv66vgAAAEEA".repeat(400);
        assertEquals(Map.of("class", base64, "b", ""), Json.parse("{\"class\":\"" + base64 + "\",\"b\":\"\"}"));
        assertEquals("ab\"c", Json.parse("\"ab\\\"c\""));
        assertThrows(Json.ParseException.class, () -> Json.parse("\"" + base64));
        assertThrows(Json.ParseException.class, () -> Json.parse("\"ab\tc\""));
    }

    @Test
    void theSmallestLongIsAnInteger() throws Exception {
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals(-9.223372036854775809E18, Json.parse("-9223372036854775809"));
        assertEquals(-1L, Json.parse("-1"));
        assertEquals(0L, Json.parse("-0"));
    }

    @Test
    void rejectsWhatRfc8259Rejects() {
        for (String bad : new String[] {"", "{", "[1,]", "{\"a\"1}", "01", "1.", "-", "tru", "\"\\x\"", "\"a\nb\"",
                "{} {}", "[1 2]", "{'a':1}", "\"\\u12g4\"", "NaN"}) {
            assertThrows(Json.ParseException.class, () -> Json.parse(bad), bad);
        }
    }

    @Test
    void limitsNesting() {
        String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
        Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
    }

    @Test
    void writerProducesValidJson() throws Exception {
        JsonWriter w = new JsonWriter().beginObject().field("s", "q\"\\\u0001").field("n", -5).name("a").beginArray()
                .value(true).nullValue().beginObject().endObject().endArray().endObject();
        assertEquals("{\"s\":\"q\\\"\\\\\\u0001\",\"n\":-5,\"a\":[true,null,{}]}", w.toString());
        assertTrue(Json.parse(w.toString()) instanceof Map);
    }

    @Test
    void linesAreEncodedAsUtf8LikeTheJdkDoes() {
        String[] texts = {"plain", "caf\u00e9 \u00fc", "\u20ac \u4e2d", "\ud83d\ude00 pair", "lone \ud800 high", "lone \udc00 low",
            "end \ud83d", "x".repeat(5000) + "\u00e9"};
        for (String t : texts) {
            JsonWriter w = new JsonWriter().value(t);
            int n = w.encodeLine();
            byte[] expected = (w.toString() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(new String(expected, java.nio.charset.StandardCharsets.UTF_8),
                    new String(w.encoded(), 0, n, java.nio.charset.StandardCharsets.UTF_8), t);
            assertTrue(java.util.Arrays.equals(expected, java.util.Arrays.copyOf(w.encoded(), n)), t);
        }
    }

    @Test
    void aWriterEmbedsAnother() {
        JsonWriter inner = new JsonWriter().beginArray().value(1).value("a").endArray();
        assertEquals("{\"r\":[1,\"a\"],\"e\":null}",
                new JsonWriter().beginObject().name("r").raw(inner).name("e").raw(new JsonWriter()).endObject().toString());
    }

    /** The writer's own digit loop writes every long as Long.toString does (both signs, both ends). */
    @Property(tries = 2000)
    void numbersAreWrittenAsLongToStringWritesThem(@ForAll long v) {
        assertEquals(Long.toString(v), new JsonWriter().value(v).toString());
        assertEquals("[" + v + "," + (v / 7) + "]", new JsonWriter().beginArray().value(v).value(v / 7).endArray().toString());
    }

    @Test
    void numbersAtTheEdges() {
        for (long v : new long[] {0, 9, 10, -1, -9, -10, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE - 1L,
            Integer.MAX_VALUE + 1L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1}) {
            assertEquals(Long.toString(v), new JsonWriter().value(v).toString());
        }
    }

    /** A writer that grows past its first buffer keeps every byte, and the line ends with one newline. */
    @Test
    void aLongValueGrowsTheBuffer() {
        JsonWriter w = new JsonWriter().beginArray();
        StringBuilder expected = new StringBuilder("[");
        for (int i = 0; i < 5000; i++) {
            w.value(i * 31L).value("n\u00e9" + i);
            expected.append(i == 0 ? "" : ",").append(i * 31L).append(",\"n\u00e9").append(i).append('"');
        }
        w.endArray();
        expected.append(']');
        assertEquals(expected.toString(), w.toString());
        int n = w.encodeLine();
        assertEquals(w.length() + 1, n);
        assertEquals('\n', w.encoded()[n - 1]);
    }

    /** A row of integers in one pass: separators, nulls where the mask says, every long as Long.toString writes it. */
    @Property(tries = 500)
    void aRowOfIntegersIsTheArrayOfItsValues(@ForAll long a, @ForAll int b, @ForAll long c) {
        long[] cells = {a, b, 0, c, -7, Long.MIN_VALUE, 12345};
        JsonWriter w = new JsonWriter().beginArray().value(1).integers(cells, 7, 1L << 2).integers(cells, 2, 0).endArray();
        assertEquals("[1,[" + a + "," + b + ",null," + c + ",-7," + Long.MIN_VALUE + ",12345],[" + a + "," + b + "]]", w.toString());
    }
}
