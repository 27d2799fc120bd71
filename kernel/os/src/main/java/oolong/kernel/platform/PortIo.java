package oolong.kernel.platform;

/**
 * x86 I/O ports, behind an interface so that drivers can be tested on the host; the machine's real
 * ports are oolong.kernel.arch.X86PortIo.
 */
public interface PortIo {
    void out8(int port, int value);

    int in8(int port);

    void out16(int port, int value);

    int in16(int port);

    void out32(int port, int value);

    int in32(int port);
}
