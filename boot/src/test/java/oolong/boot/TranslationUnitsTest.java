package oolong.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranslationUnitsTest {
    @TempDir
    Path dir;

    private void file(String name, long bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[(int) bytes]);
    }

    private List<String> program() throws Exception {
        List<String> files = new ArrayList<>(List.of("core.c", "callsites.c", "strings.c", "main.c", "heaptrace.c"));
        file("core.c", 10);
        file("callsites.c", 10);
        file("strings.c", 10);
        file("main.c", 10);
        file("heaptrace.c", 10);
        for (int i = 0; i < 40; i++) {     /* a large package: split */
            String f = "classes/big/C" + i + ".c";
            file(f, TranslationUnits.TARGET_BYTES / 10);
            files.add(f);
        }
        files.add("classes/big/C1@dInner.c");
        file("classes/big/C1@dInner.c", 100);
        for (String f : List.of("classes/mid/A.c", "classes/mid/B.c", "classes/tiny/T.c", "classes/tiny2/U.c")) {
            file(f, f.contains("mid") ? TranslationUnits.TARGET_BYTES / 3 : 100);
            files.add(f);
        }
        return files;
    }

    private static String unitOf(Map<String, List<String>> units, String file) {
        return units.entrySet().stream().filter(e -> e.getValue().contains(file)).map(Map.Entry::getKey).findFirst().orElse(null);
    }

    @Test
    void unitsFollowPackagesAndClasses() throws Exception {
        Map<String, List<String>> units = TranslationUnits.group(dir, program());
        assertEquals(List.of("callsites.c"), units.get("callsites"));
        assertEquals(List.of("strings.c"), units.get("strings"));
        assertEquals(List.of("main.c"), units.get("main"));
        assertEquals(List.of("core.c"), units.get("runtime"));
        assertEquals(null, unitOf(units, "heaptrace.c"), "Oolong replaces it");
        assertEquals(List.of("classes/mid/A.c", "classes/mid/B.c"), units.get("mid"));
        assertEquals(unitOf(units, "classes/big/C1.c"), unitOf(units, "classes/big/C1@dInner.c"), "nested classes stay with theirs");
        assertTrue(unitOf(units, "classes/big/C1.c").startsWith("big-"));
        assertEquals(8, units.keySet().stream().filter(u -> u.startsWith("big-")).count(), "a package just over four times the target: 8 units");
        assertTrue(unitOf(units, "classes/tiny/T.c").startsWith("shared"));
    }

    @Test
    void aClassGrowingOrAddedMovesNoOtherClass() throws Exception {
        List<String> files = program();
        Map<String, List<String>> before = TranslationUnits.group(dir, files);
        file("classes/big/C7.c", TranslationUnits.TARGET_BYTES / 5);    /* an edit makes C7 twice as large */
        files.add("classes/mid/New.c");
        file("classes/mid/New.c", 100);
        Map<String, List<String>> after = TranslationUnits.group(dir, files);
        for (String f : files) {
            if (!f.equals("classes/mid/New.c")) {
                assertEquals(unitOf(before, f), unitOf(after, f), f);
            }
        }
    }

    @Test
    void unitFilesAreWrittenOnlyWhenTheirTextChangesAndStaleOnesGo() throws Exception {
        List<String> files = program();
        Map<String, Path> sources = new LinkedHashMap<>();
        for (String f : files) {
            sources.put(f, dir.resolve(f));
        }
        Path unity = dir.resolve("unity");
        Files.createDirectories(unity);
        Files.writeString(unity.resolve("teavm-3.c"), "an earlier grouping's unit");
        List<Path> units = TranslationUnits.write(dir, sources, unity);
        assertFalse(Files.exists(unity.resolve("teavm-3.c")));
        Path mid = unity.resolve("teavm-mid.c");
        assertTrue(units.contains(mid));
        assertTrue(Files.readString(mid).contains("#include \"" + dir.resolve("classes/mid/A.c") + "\""));
        long modified = Files.getLastModifiedTime(mid).toMillis();
        Thread.sleep(20);
        TranslationUnits.write(dir, sources, unity);
        assertEquals(modified, Files.getLastModifiedTime(mid).toMillis());
    }
}
