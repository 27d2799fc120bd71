package oolong.kernel.mem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Copy-in/copy-out: page crossings, EFAULT rules, COW and demand-zero on the way. */
class CopyInOutTest {
    static final long PAGE = 4096;
    static final int RW = Region.READ | Region.WRITE;
    static final long VA = 0x6000_0000L;

    SimulatedMachine m;
    MemoryManager mm;
    UserAddressSpace as;
    long baselineFree;

    @BeforeEach
    void setUp() {
        m = new SimulatedMachine(32L << 20);
        mm = m.manager;
        baselineFree = m.frames.freeFrames();
        as = mm.createAddressSpace();
        assertEquals(MemStatus.OK, as.map(VA, 3 * PAGE, RW));
    }

    void freeAndCheck() {
        as.free();
        assertEquals(baselineFree, m.frames.freeFrames());
        assertEquals(0, mm.pageTableFrames());
        assertNull(m.frames.checkConsistency());
    }

    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    @Test
    void pageCrossingCopiesLandInTheRightFrames() {
        byte[] data = pattern(6000, 3);
        long at = VA + PAGE - 100;
        assertEquals(MemStatus.OK, as.write(at, data));
        byte[] back = new byte[6000];
        assertEquals(MemStatus.OK, as.read(at, back));
        assertArrayEquals(data, back);
        /* check the physical frames directly: the frames are not contiguous in general */
        assertEquals(data[0], m.memory.getByte(as.translate(at)));
        assertEquals(data[99], m.memory.getByte(as.translate(at + 99)));
        assertEquals(data[100], m.memory.getByte(as.translate(VA + PAGE)));
        assertEquals(data[5999], m.memory.getByte(as.translate(at + 5999)));
        /* offset/length into the kernel array */
        byte[] part = new byte[10];
        assertEquals(MemStatus.OK, as.read(at + 95, part, 2, 8));
        assertEquals(data[95], part[2]);
        assertEquals(data[102], part[9]);
        assertEquals(0, part[0]);
        freeAndCheck();
    }

    @Test
    void unmappedKernelHalfAndNonCanonicalAddressesAreEfault() {
        byte[] b = new byte[16];
        assertEquals(MemStatus.EFAULT, as.read(VA + 3 * PAGE, b), "just past the region");
        assertEquals(MemStatus.EFAULT, as.read(VA + 3 * PAGE - 8, b), "straddles the end of the region");
        assertEquals(MemStatus.EFAULT, as.write(VA - 8, b), "straddles the start");
        assertEquals(MemStatus.EFAULT, as.read(0x1000, b), "kernel half");
        assertEquals(MemStatus.EFAULT, as.read(0x3FFF_FFF8L, b), "crosses from the kernel half into user space");
        assertEquals(MemStatus.EFAULT, as.write(0x20_0000, b), "kernel half");
        assertEquals(MemStatus.EFAULT, as.read(0x0000_8000_0000_0000L, b), "non-canonical");
        assertEquals(MemStatus.EFAULT, as.read(0x0000_7FFF_FFFF_FFF8L, b), "runs past the canonical top");
        assertEquals(MemStatus.EFAULT, as.read(0xFFFF_FFFF_FFFF_FFF8L, b), "kernel higher half; wraps");
        assertEquals(MemStatus.EFAULT, as.read(Long.MAX_VALUE, b));
        assertEquals(MemStatus.EFAULT, as.writeLong(0, 1));
        assertEquals(MemStatus.EFAULT, as.readLong(0x8000_0000_0000L, new long[1]));
        assertEquals(MemStatus.EINVAL, as.readLongs(VA, new long[8], 0, 9), "count past the array");
        assertEquals(MemStatus.EFAULT, as.readLongs(VA, new long[8192], 0, 8192), "runs past the region");
        assertEquals(MemStatus.EINVAL, as.read(VA, b, 10, 7), "array bounds");
        assertEquals(MemStatus.EINVAL, as.write(VA, b, -1, 1));
        assertEquals(MemStatus.OK, as.read(0, b, 0, 0), "an empty copy never faults");
        freeAndCheck();
    }

    @Test
    void copyOutToReadOnlyIsEfaultButCopyInWorks() {
        assertEquals(MemStatus.OK, as.map(0x7000_0000L, PAGE, Region.READ));
        assertEquals(MemStatus.EFAULT, as.write(0x7000_0000L, new byte[1]));
        assertEquals(MemStatus.EFAULT, as.write(0x7000_0000L - 4, new byte[8]), "partly read-only");
        assertEquals(MemStatus.OK, as.read(0x7000_0000L, new byte[8]));
        freeAndCheck();
    }

    @Test
    void copyInOfDemandZeroPagesReadsZeros() {
        assertEquals(MemStatus.OK, as.mapDemandZero(0x10_0000_0000L, 4 * PAGE, RW, Region.Kind.ANONYMOUS));
        byte[] b = pattern(3 * (int) PAGE, 1);
        assertEquals(MemStatus.OK, as.read(0x10_0000_0000L + 10, b));
        assertArrayEquals(new byte[b.length], b);
        freeAndCheck();
    }

    @Test
    void copyOutIntoACowPageCopiesFirst() {
        assertEquals(MemStatus.OK, as.write(VA, pattern(100, 5)));
        UserAddressSpace child = as.fork();
        long shared = as.translate(VA);
        assertEquals(shared, child.translate(VA));
        assertEquals(MemStatus.OK, child.write(VA + 50, new byte[] {42}));
        assertNotEquals(shared, child.translate(VA));
        byte[] p = new byte[100];
        byte[] c = new byte[100];
        assertEquals(MemStatus.OK, as.read(VA, p));
        assertEquals(MemStatus.OK, child.read(VA, c));
        assertArrayEquals(pattern(100, 5), p);
        byte[] expected = pattern(100, 5);
        expected[50] = 42;
        assertArrayEquals(expected, c);
        child.free();
        freeAndCheck();
    }

    @Test
    void longsAreLittleEndianAndMayStraddlePages() {
        long at = VA + PAGE - 3;
        assertEquals(MemStatus.OK, as.writeLong(at, 0x1122_3344_5566_7788L));
        assertEquals((byte) 0x88, m.memory.getByte(as.translate(at)));
        assertEquals((byte) 0x66, m.memory.getByte(as.translate(at + 2)));
        assertEquals((byte) 0x55, m.memory.getByte(as.translate(VA + PAGE)));
        assertEquals((byte) 0x11, m.memory.getByte(as.translate(at + 7)));
        long[] out = new long[3];
        assertEquals(MemStatus.OK, as.readLongs(at, out, 1, 1));
        assertEquals(0x1122_3344_5566_7788L, out[1]);
        assertEquals(MemStatus.OK, as.writeLong(VA + 16, -2));
        assertEquals(MemStatus.OK, as.writeLong(VA + 24, 5));
        assertEquals(MemStatus.OK, as.readLongs(VA + 16, out, 0, 2));
        assertEquals(-2, out[0]);
        assertEquals(5, out[1]);
        assertEquals(MemStatus.EFAULT, as.writeLong(VA + 3 * PAGE - 4, 1), "second half unmapped");
        assertEquals(MemStatus.EFAULT, as.readLong(VA + 3 * PAGE - 4, out));
        freeAndCheck();
    }
}
