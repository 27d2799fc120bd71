package oolong.kernel.dev;

import oolong.kernel.platform.PortIo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SerialPortTest {
    /** A 16550 as far as the driver can tell: registers, a transmit-ready flag, a receive queue. */
    static final class FakeUart implements PortIo {
        final int base;
        final int[] registers = new int[8];
        final List<String> writes = new ArrayList<>();
        final ByteArrayOutputStream transmitted = new ByteArrayOutputStream();
        final ArrayDeque<Integer> received = new ArrayDeque<>();
        boolean transmitterReady = true;
        boolean present = true;

        FakeUart(int base) {
            this.base = base;
        }

        @Override
        public void out8(int port, int value) {
            int reg = port - base;
            writes.add(reg + "=" + Integer.toHexString(value));
            boolean dlab = (registers[3] & 0x80) != 0;
            if (reg == 0 && !dlab) {
                transmitted.write(value);
            } else if (present) {
                registers[reg] = value;
            }
        }

        @Override
        public void out16(int port, int value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int in16(int port) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void out32(int port, int value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int in32(int port) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int in8(int port) {
            int reg = port - base;
            if (reg == 5) {
                return (transmitterReady ? 0x20 : 0) | (received.isEmpty() ? 0 : 1);
            }
            if (reg == 0) {
                return received.isEmpty() ? 0 : received.poll();
            }
            return present ? registers[reg] : 0xFF;
        }
    }

    @Test
    void initProgramsBaudRateAnd8N1WithFifos() {
        FakeUart uart = new FakeUart(SerialPort.COM1);
        SerialPort port = new SerialPort(uart, SerialPort.COM1);
        assertTrue(port.init());
        assertEquals(List.of("7=5a", "1=0", "3=80", "0=1", "1=0", "3=3", "2=c7", "4=3"), uart.writes);
    }

    @Test
    void reportsAMissingUart() {
        FakeUart uart = new FakeUart(SerialPort.COM1);
        uart.present = false;
        assertFalse(new SerialPort(uart, SerialPort.COM1).init());
    }

    @Test
    void writesUtf8WithCrLfLineEnds() {
        FakeUart uart = new FakeUart(SerialPort.COM1);
        SerialPort port = new SerialPort(uart, SerialPort.COM1);
        port.write("a\nü€😀");
        assertEquals("a\r\nü€😀", uart.transmitted.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aWedgedTransmitterDropsBytesInsteadOfHanging() {
        FakeUart uart = new FakeUart(SerialPort.COM1);
        uart.transmitterReady = false;
        SerialPort port = new SerialPort(uart, SerialPort.COM1);
        port.write("xy");
        assertEquals(2, port.droppedBytes());
        assertEquals(0, uart.transmitted.size());
    }

    @Test
    void readsReceivedBytesWithoutBlocking() {
        FakeUart uart = new FakeUart(SerialPort.COM1);
        SerialPort port = new SerialPort(uart, SerialPort.COM1);
        assertEquals(-1, port.readByte());
        uart.received.add(0x41);
        uart.received.add(0xC3);
        assertEquals(0x41, port.readByte());
        assertEquals(0xC3, port.readByte());
        assertEquals(-1, port.readByte());
    }
}
