package oolong.introspect.dump;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import oolong.introspect.memory.MemoryAccessException;
import oolong.introspect.program.CpuState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CoreDump against a core file laid out as QEMU's dump-guest-memory writes one (ELF64 ET_CORE;
 * a PT_NOTE segment with "CORE" NT_PRSTATUS and a "QEMU" CPU-state note; one PT_LOAD per RAM
 * range, by physical address). The IT reads a real one.
 */
class CoreDumpTest {
    @TempDir
    Path dir;

    @Test
    void readsMemoryAcrossRangesAndTheCpuStateFromTheNotes() throws Exception {
        byte[] low = new byte[0x2000];
        byte[] high = new byte[0x1000];
        for (int i = 0; i < low.length; i++) {
            low[i] = (byte) i;
        }
        for (int i = 0; i < high.length; i++) {
            high[i] = (byte) (255 - i);
        }
        Path core = writeCore(dir.resolve("vm.core"), new long[] {0x1000, 0x100000}, new byte[][] {low, high});
        try (CoreDump d = CoreDump.open(core)) {
            assertEquals(0x3000, d.ramBytes());
            assertArrayEquals(new byte[] {0x10, 0x11, 0x12}, d.read(0x1010, 3));
            assertEquals((byte) 255, d.read(0x100000, 1)[0]);
            byte[] edge = d.read(0x2ffe, 2);
            assertArrayEquals(new byte[] {(byte) 0xfe, (byte) 0xff}, edge);
            assertThrows(MemoryAccessException.class, () -> d.read(0x3000, 1), "between the ranges");
            assertThrows(MemoryAccessException.class, () -> d.read(0x2fff, 2), "running off a range into a hole");
            CpuState cpu = d.cpus().get(0);
            assertEquals(0x100510L, cpu.rip());
            assertEquals(0x9533c0L, cpu.rbp());
            assertEquals(0x550000L, cpu.cr3());
            assertEquals(0, cpu.cpl());
            assertEquals(0x8L, cpu.get("CS"));
        }
    }

    @Test
    void refusesAnElfFileThatIsNotACoreDump() throws Exception {
        Path core = writeCore(dir.resolve("vm.core"), new long[] {0}, new byte[][] {new byte[16]});
        byte[] b = Files.readAllBytes(core);
        b[16] = 2;      /* ET_EXEC */
        Files.write(core, b);
        assertThrows(IOException.class, () -> CoreDump.open(core));
    }

    /** A minimal QEMU-style core: header, program headers, notes, then the memory. */
    static Path writeCore(Path file, long[] addresses, byte[][] ranges) throws IOException {
        byte[] notes = notes();
        int phnum = 1 + ranges.length;
        long offset = 64 + 56L * phnum;
        ByteBuffer h = ByteBuffer.allocate((int) offset).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0x464C457F).put((byte) 2).put((byte) 1).put((byte) 1);
        h.position(16);
        h.putShort((short) 4).putShort((short) 62).putInt(1).putLong(0).putLong(64).putLong(0).putInt(0)
                .putShort((short) 64).putShort((short) 56).putShort((short) phnum).putShort((short) 64)
                .putShort((short) 0).putShort((short) 0);
        h.putInt(4).putInt(0).putLong(offset).putLong(0).putLong(0).putLong(notes.length).putLong(notes.length).putLong(0);
        long at = offset + notes.length;
        for (int i = 0; i < ranges.length; i++) {
            h.putInt(1).putInt(0).putLong(at).putLong(0).putLong(addresses[i]).putLong(ranges[i].length)
                    .putLong(ranges[i].length).putLong(0);
            at += ranges[i].length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(h.array());
        out.write(notes);
        for (byte[] r : ranges) {
            out.write(r);
        }
        Files.write(file, out.toByteArray());
        return file;
    }

    private static byte[] notes() {
        ByteBuffer prstatus = ByteBuffer.allocate(336).order(ByteOrder.LITTLE_ENDIAN);
        String[] regs = {"R15", "R14", "R13", "R12", "RBP", "RBX", "R11", "R10", "R9", "R8", "RAX", "RCX", "RDX", "RSI",
                "RDI", "ORIG_RAX", "RIP", "CS", "RFL", "RSP", "SS"};
        for (int i = 0; i < regs.length; i++) {
            long v = switch (regs[i]) {
                case "RBP" -> 0x9533c0L;
                case "RIP" -> 0x100510L;
                case "CS" -> 0x8L;
                case "RSP" -> 0x9533b8L;
                default -> i;
            };
            prstatus.putLong(112 + i * 8, v);
        }
        ByteBuffer qemu = ByteBuffer.allocate(8 + 18 * 8 + 10 * 24 + 6 * 8).order(ByteOrder.LITTLE_ENDIAN);
        qemu.putInt(0, 1).putInt(4, qemu.limit());
        qemu.putLong(8 + 7 * 8, 0x9533c0L);                  /* rbp */
        qemu.putLong(8 + 16 * 8, 0x100510L);                /* rip */
        qemu.putInt(8 + 18 * 8, 0x8);                        /* cs.selector */
        qemu.putLong(8 + 18 * 8 + 10 * 24 + 3 * 8, 0x550000L);  /* cr[3] */
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        note(b, "CORE", 1, prstatus.array());
        note(b, "QEMU", 0, qemu.array());
        return b.toByteArray();
    }

    private static void note(ByteArrayOutputStream out, String name, int type, byte[] desc) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer h = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(n.length).putInt(desc.length).putInt(type);
        out.writeBytes(h.array());
        out.writeBytes(java.util.Arrays.copyOf(n, (n.length + 3) & ~3));
        out.writeBytes(java.util.Arrays.copyOf(desc, (desc.length + 3) & ~3));
    }
}
