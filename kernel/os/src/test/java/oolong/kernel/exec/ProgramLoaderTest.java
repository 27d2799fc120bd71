package oolong.kernel.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.InputStream;
import oolong.kernel.mem.MemStatus;
import oolong.kernel.mem.SimulatedMachine;
import org.junit.jupiter.api.Test;

class ProgramLoaderTest {
    static final long MODULE = 0x30_0000L;

    private static ElfImage image(SimulatedMachine m) throws Exception {
        byte[] elf;
        try (InputStream in = ElfImageTest.class.getResourceAsStream("user.elf")) {
            elf = in.readAllBytes();
        }
        m.load(MODULE, elf);
        return ElfImage.parse(m.memory, MODULE, elf.length);
    }

    private static String readString(oolong.kernel.mem.UserAddressSpace s, long address) {
        StringBuilder sb = new StringBuilder();
        byte[] b = new byte[1];
        for (long a = address; ; a++) {
            assertEquals(MemStatus.OK, s.read(a, b, 0, 1));
            if (b[0] == 0) {
                return sb.toString();
            }
            sb.append((char) b[0]);
        }
    }

    @Test
    void argumentsLandOnTheStackAsArgcAndArgv() throws Exception {
        SimulatedMachine m = new SimulatedMachine(64L << 20, MODULE, MODULE + (4L << 20));
        long free = m.frames.freeFrames();
        ProgramLoader loader = new ProgramLoader(m.manager, image(m));
        ProgramLoader.Loaded p = loader.load(new String[] {"tree", "3", "2", "noreap"});
        assertNotNull(p.space);
        assertEquals(MemStatus.OK, p.error);
        assertEquals(4, p.argc);
        assertEquals(0, p.stackPointer & 15);
        long[] ptr = new long[1];
        String[] expected = {"tree", "3", "2", "noreap"};
        for (int i = 0; i < 4; i++) {
            assertEquals(MemStatus.OK, p.space.readLong(p.argv + 8L * i, ptr));
            assertEquals(expected[i], readString(p.space, ptr[0]));
        }
        assertEquals(MemStatus.OK, p.space.readLong(p.argv + 32, ptr));
        assertEquals(0, ptr[0], "argv ends with NULL");
        p.space.free();
        assertEquals(free, m.frames.freeFrames(), "nothing leaked");
    }

    @Test
    void refusesTooManyOrTooLongArguments() throws Exception {
        SimulatedMachine m = new SimulatedMachine(64L << 20, MODULE, MODULE + (4L << 20));
        ProgramLoader loader = new ProgramLoader(m.manager, image(m));
        for (String[] argv : new String[][] {new String[0], new String[ProgramLoader.MAX_ARGS + 1],
                {"x", "y".repeat(ProgramLoader.MAX_ARG_BYTES)}}) {
            ProgramLoader.Loaded refused = loader.load(argv);
            assertFalse(refused.ok());
            assertNull(refused.space);
            assertEquals(MemStatus.EINVAL, refused.error, argv.length + " arguments");
        }
    }
}
