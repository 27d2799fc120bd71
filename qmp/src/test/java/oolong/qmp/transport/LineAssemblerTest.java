package oolong.qmp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Lines cut from a byte stream, whatever the reads' boundaries. */
class LineAssemblerTest {
    static List<String> feed(LineAssembler a, byte[] bytes, int[] cuts, int[] overlong) {
        List<String> out = new ArrayList<>();
        int at = 0;
        for (int cut : cuts) {
            int end = Math.min(bytes.length, at + cut);
            byte[] read = Arrays.copyOfRange(bytes, at, end);
            a.feed(Arrays.copyOf(read, read.length + 5), read.length, (l, n) -> out.add(new String(l, 0, n, StandardCharsets.UTF_8)),
                    () -> overlong[0]++);
            at = end;
        }
        return out;
    }

    @Property
    void theLinesDoNotDependOnHowTheBytesWereRead(@ForAll @Size(max = 20) List<@StringLength(max = 40) String> lines,
            @ForAll @Size(min = 1, max = 50) List<@IntRange(min = 1, max = 17) Integer> cuts) {
        List<String> clean = lines.stream().map(s -> s.replace("\n", "")).toList();
        byte[] bytes = (String.join("\n", clean) + (clean.isEmpty() ? "" : "\n")).getBytes(StandardCharsets.UTF_8);
        int[] reads = new int[bytes.length + 1];
        for (int i = 0; i < reads.length; i++) {
            reads[i] = cuts.get(i % cuts.size());
        }
        int[] overlong = new int[1];
        assertEquals(clean, feed(new LineAssembler(1 << 20), bytes, reads, overlong));
        assertEquals(0, overlong[0]);
    }

    @Test
    void aLineLongerThanTheLimitIsDroppedAndReportedOnceAndTheNextLineIsWhole() {
        byte[] bytes = ("short\n" + "x".repeat(100) + "\nnext\n" + "y".repeat(64) + "\n").getBytes(StandardCharsets.UTF_8);
        int[] overlong = new int[1];
        List<String> lines = feed(new LineAssembler(64), bytes, new int[] {3, 30, 30, 30, 30, 30, 30}, overlong);
        assertEquals(List.of("short", "next", "y".repeat(64)), lines, "a line of exactly the limit passes");
        assertEquals(1, overlong[0]);
    }

    @Test
    void blankMeansOnlySpacesTabsAndCarriageReturns() {
        byte[] b = " \t\r x".getBytes(StandardCharsets.UTF_8);
        assertEquals(true, LineAssembler.blank(b, 4));
        assertEquals(false, LineAssembler.blank(b, 5));
        assertEquals(true, LineAssembler.blank(b, 0));
    }
}
