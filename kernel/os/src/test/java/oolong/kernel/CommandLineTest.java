package oolong.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    @Test
    void qemuPutsTheKernelPathFirst() {
        CommandLine c = CommandLine.parse("/work/boot/target/images/kernel.elf selftest init=tree");
        assertEquals("/work/boot/target/images/kernel.elf", c.image());
        assertTrue(c.has("selftest"));
        assertEquals("tree", c.get("init", null));
        assertEquals(List.of("selftest"), c.flags());
    }

    @Test
    void withoutAPathEverythingIsAnArgument() {
        CommandLine c = CommandLine.parse("selftest quiet");
        assertNull(c.image());
        assertEquals(List.of("selftest", "quiet"), c.flags());
    }

    @Test
    void quotesGroupWordsAndBackslashEscapes() {
        CommandLine c = CommandLine.parse("k.elf init=\"tree 3 2\" msg=a\\ b \"x=\"y");
        assertEquals("tree 3 2", c.get("init", null));
        assertEquals("a b", c.get("msg", null));
        assertEquals("y", c.get("x", null));
    }

    @Test
    void laterOptionsWinAndFlagsAreNotRepeated() {
        CommandLine c = CommandLine.parse("a=1 a=2 f f");
        assertEquals("2", c.get("a", null));
        assertEquals(List.of("f"), c.flags());
    }

    @Test
    void numbersFallBackToTheDefault() {
        CommandLine c = CommandLine.parse("hz=100 bad=x");
        assertEquals(100, c.getLong("hz", 7));
        assertEquals(7, c.getLong("bad", 7));
        assertEquals(7, c.getLong("missing", 7));
    }

    @Test
    void emptyAndSpacesOnly() {
        assertTrue(CommandLine.parse("").flags().isEmpty());
        assertTrue(CommandLine.parse("   ").options().isEmpty());
        assertTrue(CommandLine.parse(null).flags().isEmpty());
        assertFalse(CommandLine.parse("  a  ").has("b"));
        assertEquals(List.of("a", "b"), CommandLine.split("  a   b "));
        assertEquals(List.of(""), CommandLine.split("\"\""));
    }
}
