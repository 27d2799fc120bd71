package oolong.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The "compiled N of M" lines form columns: name, own time and time so far line up on every line. */
class BuildProgressTest {
    @Test
    void compiledLinesAlignWhateverTheTimesAndNames() {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        BuildProgress progress = new BuildProgress(new PrintStream(screen, true, StandardCharsets.UTF_8), "kernel");
        List<String> names = List.of("log.c", "teavm-6.c", "structdefinitions-long.c");
        progress.compiling(names, 2);
        progress.compiled("log.c", 1, 12, 40_000_000L, 40_000_000L);
        progress.compiled("teavm-6.c", 9, 12, 11_900_000_000L, 22_800_000_000L);
        progress.compiled("structdefinitions-long.c", 12, 12, 123_400_000_000L, 150_000_000_000L);
        List<String> lines = screen.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("[oolong-build] kernel: compiling C with gcc: 3 files, 2 at a time...", lines.get(0));
        List<String> compiled = lines.subList(1, 4);
        int open = compiled.get(0).indexOf('(');
        int seconds = compiled.get(0).indexOf(" s  (");
        for (String line : compiled) {
            assertEquals(open, line.indexOf('('), "the '(' column: " + String.join("\n", compiled));
            assertEquals(seconds, line.indexOf(" s  ("), "the own time's column: " + String.join("\n", compiled));
        }
        assertTrue(compiled.get(0).startsWith("[oolong-build] kernel: compiled  1 of 12  log.c "), compiled.get(0));
        assertTrue(compiled.get(1).contains(" 11.9 s  (22.8 s so far)"), compiled.get(1));
        assertTrue(compiled.get(2).contains("123.4 s  (150.0 s so far)"), compiled.get(2));
    }
}
