package oolong.kernel.arch;

import oolong.kernel.platform.PortIo;

/** The machine's real I/O ports (in/out instructions), for the drivers. */
public final class X86PortIo implements PortIo {
    public static final X86PortIo INSTANCE = new X86PortIo();

    private X86PortIo() {
    }

    @Override
    public void out8(int port, int value) {
        Cpu.outb(port, value);
    }

    @Override
    public int in8(int port) {
        return Cpu.inb(port);
    }

    @Override
    public void out16(int port, int value) {
        Cpu.outw(port, value);
    }

    @Override
    public int in16(int port) {
        return Cpu.inw(port);
    }

    @Override
    public void out32(int port, int value) {
        Cpu.outl(port, value);
    }

    @Override
    public int in32(int port) {
        return Cpu.inl(port);
    }
}
