package oolong.kernel.dev.pci;

/** A function found on the PCI bus, with what drivers need from its configuration space. */
public final class PciDevice {
    public final int bus;
    public final int slot;
    public final int function;
    public final int vendor;
    public final int device;
    public final int classCode;
    public final int subclass;
    public final int interruptLine;
    /** Base address registers: I/O BARs as port numbers, memory BARs as addresses (0 when absent). */
    public final long[] bars;
    public final boolean[] barIsIo;

    PciDevice(int bus, int slot, int function, int vendor, int device, int classCode, int subclass,
              int interruptLine, long[] bars, boolean[] barIsIo) {
        this.bus = bus;
        this.slot = slot;
        this.function = function;
        this.vendor = vendor;
        this.device = device;
        this.classCode = classCode;
        this.subclass = subclass;
        this.interruptLine = interruptLine;
        this.bars = bars;
        this.barIsIo = barIsIo;
    }

    @Override
    public String toString() {
        return String.format("%02x:%02x.%x %04x:%04x class %02x.%02x irq %d", bus, slot, function, vendor, device,
                classCode, subclass, interruptLine);
    }
}
