package oolong.kernel.dev;

import oolong.kernel.arch.Cpu;

/** x86 I/O ports, behind an interface so that drivers can be tested on the host. */
public interface PortIo {
    void out8(int port, int value);

    int in8(int port);

    void out16(int port, int value);

    int in16(int port);

    void out32(int port, int value);

    int in32(int port);

    /** The machine's real ports. */
    PortIo HARDWARE = new PortIo() {
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
    };
}
