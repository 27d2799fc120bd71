package oolong.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalNumbersTest {
    @TempDir
    Path dir;

    private static String klass(int firstCallSite, int firstString) {
        return "#include \"A.h\"\n"
                + "void f() {\n"
                + "    TEAVM_WITH_CALL_SITE_ID(" + firstCallSite + ", g(TEAVM_GET_STRING(" + firstString + ")));\n"
                + "    TEAVM_WITH_CALL_SITE_ID(" + (firstCallSite + 1) + ", h(TEAVM_GET_STRING_ADDRESS(" + (firstString + 7) + "), TEAVM_GET_STRING(" + firstString + ")));\n"
                + "}\n";
    }

    @Test
    void aClassTextDoesNotDependOnWhereTeaVMNumberedIt() {
        StringBuilder one = new StringBuilder();
        StringBuilder other = new StringBuilder();
        String a = LocalNumbers.rewrite("classes/p/A.c", klass(649, 20), one);
        String b = LocalNumbers.rewrite("classes/p/A.c", klass(18623, 6151), other);
        assertEquals(a, b, "the same class numbered elsewhere in the program has the same text");
        assertNotEquals(one.toString(), other.toString(), "only the symbols' values differ");
        assertFalse(a.contains("649") || a.contains("20)"), a);
        assertTrue(a.contains("TEAVM_WITH_CALL_SITE_ID(OOLONG_CALL_SITE(oolong_cs_p_2f_A, 1), h((&oolong_s_p_2f_A_1), oolong_s_p_2f_A_0)"), a);
        assertEquals("oolong_cs_p_2f_A = 649;\n"
                + "oolong_s_p_2f_A_0 = teavm_stringPool + 8 * 20;\n"
                + "oolong_s_p_2f_A_1 = teavm_stringPool + 8 * 27;\n", one.toString());
    }

    @Test
    void aFileWithoutProgramWideNumbersIsLeftAlone() {
        assertNull(LocalNumbers.rewrite("core.c", "int x;\n", new StringBuilder()));
    }

    @Test
    void callSitesThatAreNotConsecutiveAreRefused() {
        String gap = "TEAVM_WITH_CALL_SITE_ID(5, f()); TEAVM_WITH_CALL_SITE_ID(9, f());\n";
        assertThrows(BuildException.class, () -> LocalNumbers.rewrite("classes/p/A.c", gap, new StringBuilder()));
    }

    @Test
    void keysAreOneToOne() {
        Set<String> keys = new HashSet<>();
        for (String f : List.of("classes/p/A_dB.c", "classes/p/A@dB.c", "classes/p_/A.c", "classes/p/_A.c", "classes/p/A__2f_.c",
                "classes/p/A/.c")) {
            assertTrue(keys.add(LocalNumbers.key(f)), f + " -> " + LocalNumbers.key(f));
            assertTrue(LocalNumbers.key(f).matches("[A-Za-z0-9_]+"));
        }
    }

    @Test
    void rewrittenFilesIncludeTheirOwnHeadersFromTeaVMsDirectory() throws Exception {
        Path c = dir.resolve("c");
        Files.createDirectories(c.resolve("classes/p"));
        Files.writeString(c.resolve("classes/p/A.h"), "void f();\n");
        Files.writeString(c.resolve("classes/p/A.c"), klass(3, 4));
        Files.writeString(c.resolve("callsites.c"), "TEAVM_GET_STRING_ADDRESS(4)\n");
        Map<String, Path> sources = LocalNumbers.localise(c, List.of("classes/p/A.c", "callsites.c"), dir.resolve("local"));
        assertEquals(c.resolve("callsites.c"), sources.get("callsites.c"), "the global tables stay as TeaVM wrote them");
        String text = Files.readString(sources.get("classes/p/A.c"));
        assertTrue(text.contains("#include \"" + c.resolve("classes/p/A.h") + "\""), text);
        assertTrue(Files.readString(dir.resolve("local").resolve(LocalNumbers.SYMBOLS)).contains("oolong_cs_p_2f_A = 3;"));
        long modified = Files.getLastModifiedTime(sources.get("classes/p/A.c")).toMillis();
        Thread.sleep(20);
        LocalNumbers.localise(c, List.of("classes/p/A.c", "callsites.c"), dir.resolve("local"));
        assertEquals(modified, Files.getLastModifiedTime(sources.get("classes/p/A.c")).toMillis(), "not rewritten when unchanged");
    }
}
