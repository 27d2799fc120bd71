package oolong.kernel.dev.pci;

import java.util.ArrayList;
import java.util.List;
import oolong.kernel.platform.PortIo;

/**
 * PCI configuration space through the legacy I/O mechanism (ports 0xCF8 / 0xCFC), and a scan of
 * every bus, slot and function. QEMU's pc machine puts everything on bus 0.
 */
public final class PciBus {
    static final int CONFIG_ADDRESS = 0xCF8;
    static final int CONFIG_DATA = 0xCFC;

    private final PortIo io;

    public PciBus(PortIo io) {
        this.io = io;
    }

    public int read32(int bus, int slot, int function, int offset) {
        io.out32(CONFIG_ADDRESS, address(bus, slot, function, offset));
        return io.in32(CONFIG_DATA);
    }

    public void write32(int bus, int slot, int function, int offset, int value) {
        io.out32(CONFIG_ADDRESS, address(bus, slot, function, offset));
        io.out32(CONFIG_DATA, value);
    }

    static int address(int bus, int slot, int function, int offset) {
        return 0x8000_0000 | (bus << 16) | (slot << 11) | (function << 8) | (offset & 0xFC);
    }

    /** Every present function on buses 0..255 (a function reads 0xFFFF as vendor when absent). */
    public List<PciDevice> scan() {
        List<PciDevice> found = new ArrayList<>();
        for (int bus = 0; bus < 256; bus++) {
            for (int slot = 0; slot < 32; slot++) {
                int id = read32(bus, slot, 0, 0);
                if ((id & 0xFFFF) == 0xFFFF) {
                    continue;
                }
                boolean multiFunction = (read32(bus, slot, 0, 0x0C) & 0x0080_0000) != 0;
                for (int function = 0; function < (multiFunction ? 8 : 1); function++) {
                    PciDevice d = probe(bus, slot, function);
                    if (d != null) {
                        found.add(d);
                    }
                }
            }
        }
        return found;
    }

    private PciDevice probe(int bus, int slot, int function) {
        int id = read32(bus, slot, function, 0);
        if ((id & 0xFFFF) == 0xFFFF) {
            return null;
        }
        int classReg = read32(bus, slot, function, 0x08);
        int headerType = (read32(bus, slot, function, 0x0C) >>> 16) & 0x7F;
        long[] bars = new long[6];
        boolean[] io = new boolean[6];
        if (headerType == 0) {
            for (int i = 0; i < 6; i++) {
                int bar = read32(bus, slot, function, 0x10 + 4 * i);
                io[i] = (bar & 1) != 0;
                bars[i] = io[i] ? bar & 0xFFFC : bar & 0xFFFF_FFF0L;
            }
        }
        int interrupt = read32(bus, slot, function, 0x3C) & 0xFF;
        return new PciDevice(bus, slot, function, id & 0xFFFF, id >>> 16, classReg >>> 24, (classReg >>> 16) & 0xFF,
                interrupt, bars, io);
    }

    /** Turns on I/O space, memory space and bus mastering (DMA) for a device. */
    public void enable(PciDevice d) {
        int command = read32(d.bus, d.slot, d.function, 0x04) & 0xFFFF;
        write32(d.bus, d.slot, d.function, 0x04, command | 0x7);
    }
}
