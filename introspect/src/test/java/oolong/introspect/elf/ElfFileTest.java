package oolong.introspect.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ELF reader against files gcc and ld make here, checked against what nm and readelf say. */
class ElfFileTest {
    @TempDir
    Path dir;

    static Path gcc(Path dir, String name, String source, String... flags) throws Exception {
        Path c = dir.resolve(name + ".c");
        Files.writeString(c, source);
        Path out = dir.resolve(name);
        List<String> cmd = new java.util.ArrayList<>(List.of("gcc", "-O1", "-g", "-fno-omit-frame-pointer"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of(c.toString(), "-o", out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        return out;
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void readsTheBytesOfADataSymbolInAnObjectFile() throws Exception {
        Path o = gcc(dir, "table.o", "const unsigned int table[] = { 7, 0x11223344, 42 };\nint f(void) { return 1; }\n",
                "-c", "-fdata-sections", "-ffunction-sections");
        try (ElfFile elf = ElfFile.open(o)) {
            assertEquals(ElfFile.ET_REL, elf.type());
            assertEquals(62, elf.machine());
            ByteBuffer b = ByteBuffer.wrap(elf.symbolBytes("table")).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(12, b.limit());
            assertEquals(7, b.getInt(0));
            assertEquals(0x11223344, b.getInt(4));
            assertEquals(42, b.getInt(8));
            assertTrue(elf.symbols().stream().anyMatch(s -> s.name().equals("f") && s.function()));
            assertThrows(IOException.class, () -> elf.symbolBytes("nothing"));
        }
    }

    @Test
    void symbolsAndSectionsOfAnExecutableAgreeWithNmAndReadelf() throws Exception {
        Path exe = gcc(dir, "prog", "int counter;\nint g(int x) { return x * 3 + counter; }\n"
                + "void _start(void) { counter = g(2); for (;;) { } }\n", "-static", "-nostdlib");
        String nm = run("nm", exe.toString());
        try (ElfFile elf = ElfFile.open(exe)) {
            assertEquals(ElfFile.ET_EXEC, elf.type());
            for (String line : nm.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 3 && (f[2].equals("g") || f[2].equals("_start") || f[2].equals("counter"))) {
                    long expected = Long.parseUnsignedLong(f[0], 16);
                    assertTrue(elf.symbols().stream().anyMatch(s -> s.name().equals(f[2]) && s.value() == expected),
                            f[2] + " at " + f[0]);
                }
            }
            ElfSection text = elf.section(".text").orElseThrow();
            assertTrue(text.executable() && text.allocated());
            String objdump = run("objdump", "-s", "-j", ".text", exe.toString());
            String firstRow = objdump.lines().filter(l -> l.startsWith(" " + Long.toHexString(text.address()))).findFirst()
                    .orElseThrow();
            String[] words = firstRow.trim().split("\\s+");
            byte[] code = elf.contents(text);
            assertArrayEquals(java.util.HexFormat.of().parseHex(words[1]), java.util.Arrays.copyOf(code, 4));
            assertTrue(elf.segments().stream().anyMatch(s -> s.type() == ElfFile.PT_LOAD));
        }
    }

    @Test
    void refusesWhatIsNotA64BitElfFile() throws Exception {
        Path junk = dir.resolve("junk");
        Files.write(junk, new byte[64]);
        assertThrows(IOException.class, () -> ElfFile.open(junk));
        Files.write(junk, new byte[] {0x7f, 'E', 'L', 'F'});
        IOException shortFile = assertThrows(IOException.class, () -> ElfFile.open(junk));
        assertTrue(shortFile.getMessage().contains("not an ELF file"), shortFile.getMessage());
    }
}
