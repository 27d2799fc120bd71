package oolong.kernel.dev;

import oolong.kernel.platform.PortIo;
/**
 * A 16550 UART (COM1 on a PC). The kernel's console: polled output, non-blocking input.
 *
 * Output translates '\n' to "\r\n" so that a terminal on the other end shows lines properly.
 * Writes give up after a bounded wait for the transmitter, so that a wedged or absent UART
 * cannot hang the kernel.
 */
public final class SerialPort {
    public static final int COM1 = 0x3F8;

    private static final int DATA = 0;
    private static final int INTERRUPT_ENABLE = 1;
    private static final int DIVISOR_LOW = 0;
    private static final int DIVISOR_HIGH = 1;
    private static final int FIFO_CONTROL = 2;
    private static final int LINE_CONTROL = 3;
    private static final int MODEM_CONTROL = 4;
    private static final int LINE_STATUS = 5;
    private static final int SCRATCH = 7;

    private static final int LSR_DATA_READY = 0x01;
    private static final int LSR_TRANSMIT_EMPTY = 0x20;
    private static final int LCR_DLAB = 0x80;
    private static final int LCR_8N1 = 0x03;
    private static final int SPIN_LIMIT = 1_000_000;

    private final PortIo io;
    private final int base;
    private boolean present;
    private long droppedBytes;

    public SerialPort(PortIo io, int base) {
        this.io = io;
        this.base = base;
    }

    /**
     * Programs 115200 baud, 8 data bits, no parity, one stop bit, FIFOs on; interrupts off
     * (the console polls). Returns whether a UART answered (the scratch register holds a value).
     */
    public boolean init() {
        io.out8(base + SCRATCH, 0x5A);
        present = io.in8(base + SCRATCH) == 0x5A;
        io.out8(base + INTERRUPT_ENABLE, 0x00);
        io.out8(base + LINE_CONTROL, LCR_DLAB);
        io.out8(base + DIVISOR_LOW, 0x01);          /* 115200 / 1 */
        io.out8(base + DIVISOR_HIGH, 0x00);
        io.out8(base + LINE_CONTROL, LCR_8N1);
        io.out8(base + FIFO_CONTROL, 0xC7);          /* enable, clear both, 14-byte threshold */
        io.out8(base + MODEM_CONTROL, 0x03);         /* DTR, RTS */
        return present;
    }

    public boolean present() {
        return present;
    }

    /** Bytes dropped because the transmitter never became ready. */
    public long droppedBytes() {
        return droppedBytes;
    }

    public void writeByte(int b) {
        for (int spins = 0; (io.in8(base + LINE_STATUS) & LSR_TRANSMIT_EMPTY) == 0; spins++) {
            if (spins == SPIN_LIMIT) {
                droppedBytes++;
                return;
            }
        }
        io.out8(base + DATA, b & 0xFF);
    }

    /** Writes a string as UTF-8, with "\r\n" line ends. */
    public void write(String s) {
        for (int i = 0; i < s.length(); i++) {
            int c = s.charAt(i);
            if (Character.isHighSurrogate((char) c) && i + 1 < s.length()) {
                c = Character.toCodePoint((char) c, s.charAt(++i));
            }
            if (c == '\n') {
                writeByte('\r');
            }
            writeUtf8(c);
        }
    }

    private void writeUtf8(int c) {
        if (c < 0x80) {
            writeByte(c);
        } else if (c < 0x800) {
            writeByte(0xC0 | c >> 6);
            writeByte(0x80 | (c & 63));
        } else if (c < 0x10000) {
            writeByte(0xE0 | c >> 12);
            writeByte(0x80 | ((c >> 6) & 63));
            writeByte(0x80 | (c & 63));
        } else {
            writeByte(0xF0 | c >> 18);
            writeByte(0x80 | ((c >> 12) & 63));
            writeByte(0x80 | ((c >> 6) & 63));
            writeByte(0x80 | (c & 63));
        }
    }

    /** Raises IRQ 4 (COM1) whenever a byte arrives, so the console needs no polling loop. */
    public void enableReceiveInterrupt() {
        io.out8(base + INTERRUPT_ENABLE, 0x01);
        io.out8(base + MODEM_CONTROL, 0x0B);          /* DTR, RTS, OUT2 (gates the IRQ line) */
    }

    /** The next received byte, or -1 when none is waiting. */
    public int readByte() {
        if ((io.in8(base + LINE_STATUS) & LSR_DATA_READY) == 0) {
            return -1;
        }
        return io.in8(base + DATA) & 0xFF;
    }
}
