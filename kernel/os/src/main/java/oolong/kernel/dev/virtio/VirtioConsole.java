package oolong.kernel.dev.virtio;

import oolong.kernel.platform.DeviceMemory;
import oolong.kernel.platform.PortIo;

/**
 * virtio-console (virtio-serial) over the legacy PCI interface, with the multiport feature, so
 * that named ports work ({@code -device virtserialport,name=oolong.agent}). The driver learns the
 * ports from the device's control queue, opens the one it was asked for, and moves bytes through
 * that port's receive and transmit queues. It is driven by its interrupt: {@link #poll} does all
 * the work and is cheap when nothing happened.
 *
 * Queues (multiport): 0/1 port 0, 2/3 control in/out, then 4/5 port 1, 6/7 port 2, ...
 */
public final class VirtioConsole {
    public static final int VENDOR = 0x1AF4;
    public static final int DEVICE_LEGACY_CONSOLE = 0x1003;

    /** Receives bytes from the host side of the port. */
    public interface Receiver {
        /** Bytes from the host; the array is reused after the call returns. */
        void received(byte[] data, int length);

        /** The host side connected or disconnected. */
        void hostConnected(boolean connected);
    }

    /** Allocates device memory (identity-mapped, never moved, zeroed); 0 when exhausted. */
    public interface DmaAllocator {
        long allocate(long size, long align);
    }

    /* legacy virtio PCI registers (offsets in BAR0) */
    private static final int HOST_FEATURES = 0x00;
    private static final int GUEST_FEATURES = 0x04;
    private static final int QUEUE_PFN = 0x08;
    private static final int QUEUE_SIZE = 0x0C;
    private static final int QUEUE_SELECT = 0x0E;
    private static final int QUEUE_NOTIFY = 0x10;
    private static final int DEVICE_STATUS = 0x12;
    private static final int ISR_STATUS = 0x13;
    private static final int CONFIG_MAX_PORTS = 0x14 + 4;

    private static final int STATUS_ACKNOWLEDGE = 1;
    private static final int STATUS_DRIVER = 2;
    private static final int STATUS_DRIVER_OK = 4;
    private static final int STATUS_FAILED = 128;
    private static final int FEATURE_MULTIPORT = 1 << 1;

    /* control messages (virtio 1.0 spec 5.3.6.2) */
    static final int DEVICE_READY = 0;
    static final int DEVICE_ADD = 1;
    static final int DEVICE_REMOVE = 2;
    static final int PORT_READY = 3;
    static final int CONSOLE_PORT = 4;
    static final int RESIZE = 5;
    static final int PORT_OPEN = 6;
    static final int PORT_NAME = 7;

    static final int CONTROL_BUFFERS = 16;
    static final int CONTROL_BUFFER_BYTES = 256;
    static final int DATA_BUFFERS = 16;
    static final int DATA_BUFFER_BYTES = 4096;

    private final PortIo io;
    private final int ioBase;
    private final DeviceMemory mem;
    private final DmaAllocator dma;
    private final String wantedName;
    private final Receiver receiver;
    private final byte[] scratch = new byte[DATA_BUFFER_BYTES];

    private Virtqueue controlIn;
    private Virtqueue controlOut;
    private Virtqueue rx;
    private Virtqueue tx;
    private long controlOutBuffers;
    private int maxPorts;
    private int portId = -1;
    private boolean hostConnected;
    private long bytesIn;
    private long bytesOut;
    private long dropped;

    public VirtioConsole(PortIo io, int ioBase, DeviceMemory mem, DmaAllocator dma, String wantedName, Receiver receiver) {
        this.io = io;
        this.ioBase = ioBase;
        this.mem = mem;
        this.dma = dma;
        this.wantedName = wantedName;
        this.receiver = receiver;
    }

    /**
     * Resets and configures the device. Returns null on success, else what went wrong (the
     * device is then marked FAILED and left alone).
     */
    public String start() {
        io.out8(ioBase + DEVICE_STATUS, 0);
        io.out8(ioBase + DEVICE_STATUS, STATUS_ACKNOWLEDGE);
        io.out8(ioBase + DEVICE_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER);
        int features = io.in32(ioBase + HOST_FEATURES);
        if ((features & FEATURE_MULTIPORT) == 0) {
            return fail("the device does not offer multiport (named ports)");
        }
        io.out32(ioBase + GUEST_FEATURES, FEATURE_MULTIPORT);
        maxPorts = io.in32(ioBase + CONFIG_MAX_PORTS);
        controlIn = queue(2);
        controlOut = queue(3);
        if (controlIn == null || controlOut == null) {
            return fail("no memory for the control queues");
        }
        controlOutBuffers = dma.allocate((long) CONTROL_BUFFERS * 8, 8);
        for (int i = 0; i < CONTROL_BUFFERS; i++) {
            long b = dma.allocate(CONTROL_BUFFER_BYTES, 16);
            if (b == 0 || controlOutBuffers == 0) {
                return fail("no memory for control buffers");
            }
            controlIn.offer(b, CONTROL_BUFFER_BYTES, true);
        }
        io.out8(ioBase + DEVICE_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_DRIVER_OK);
        notify(controlIn);
        sendControl(0, DEVICE_READY, 1);
        return null;
    }

    private String fail(String why) {
        io.out8(ioBase + DEVICE_STATUS, STATUS_FAILED);
        return why;
    }

    private Virtqueue queue(int index) {
        io.out16(ioBase + QUEUE_SELECT, index);
        int size = io.in16(ioBase + QUEUE_SIZE);
        if (size == 0) {
            return null;
        }
        long base = dma.allocate(Virtqueue.bytes(size), 4096);
        if (base == 0) {
            return null;
        }
        io.out32(ioBase + QUEUE_PFN, (int) (base >>> 12));
        return new Virtqueue(mem, index, size, base);
    }

    private void notify(Virtqueue q) {
        io.out16(ioBase + QUEUE_NOTIFY, q.index);
    }

    private int controlSlot;

    private void sendControl(int id, int event, int value) {
        reclaim(controlOut);
        long b = controlOutBuffers + 8L * (controlSlot++ % CONTROL_BUFFERS);
        mem.putInt(b, id);
        mem.putShort(b + 4, event);
        mem.putShort(b + 6, value);
        if (controlOut.offer(b, 8, false)) {
            notify(controlOut);
        }
    }

    private static void reclaim(Virtqueue q) {
        while (q.hasUsed()) {
            q.takeUsedAddress();
        }
    }

    /**
     * Whether the device has done something {@link #poll} would handle: used buffers on the
     * receive or control queues, or transmit buffers back while output waits. Reads only the
     * rings in memory (no port I/O), so the kernel loop can ask on every turn.
     */
    public boolean hasWork() {
        return (controlIn != null && controlIn.hasUsed())
                || (rx != null && rx.hasUsed() && backlogLength < BACKPRESSURE_BACKLOG)
                || (tx != null && backlogLength > 0 && tx.hasUsed());
    }

    /** Handles everything the device did since the last call; call on its interrupt. */
    public void poll() {
        io.in8(ioBase + ISR_STATUS);           /* reading acknowledges the interrupt */
        while (controlIn != null && controlIn.hasUsed()) {
            long b = controlIn.takeUsedAddress();
            handleControl(b, controlIn.lastUsedLength);
            controlIn.offer(b, CONTROL_BUFFER_BYTES, true);
            notify(controlIn);
        }
        if (controlOut != null) {
            reclaim(controlOut);
        }
        flushIfOpen();
        while (rx != null && rx.hasUsed() && backlogLength < BACKPRESSURE_BACKLOG) {
            long b = rx.takeUsedAddress();
            int n = Math.min(rx.lastUsedLength, DATA_BUFFER_BYTES);
            mem.read(b, scratch, 0, n);
            bytesIn += n;
            rx.offer(b, DATA_BUFFER_BYTES, true);
            notify(rx);
            receiver.received(scratch, n);
            flushIfOpen();
        }
    }

    private void flushIfOpen() {
        if (tx != null) {
            flush();
        }
    }

    private void reclaimTx() {
        while (tx != null && tx.hasUsed()) {
            txFree[txFreeCount++] = tx.takeUsedAddress();
        }
    }

    private void handleControl(long b, int length) {
        if (length < 8) {
            return;
        }
        int id = mem.getInt(b);
        int event = mem.getShort(b + 4);
        int value = mem.getShort(b + 6);
        switch (event) {
            case DEVICE_ADD -> sendControl(id, PORT_READY, id < maxPorts && id > 0 ? 1 : 0);
            case PORT_NAME -> {
                StringBuilder name = new StringBuilder();
                for (int i = 8; i < length; i++) {
                    int c = mem.getByte(b + i);
                    if (c == 0) {
                        break;
                    }
                    name.append((char) c);
                }
                if (name.toString().equals(wantedName) && portId < 0) {
                    openPort(id);
                }
            }
            case PORT_OPEN -> {
                if (id == portId) {
                    hostConnected = value != 0;
                    receiver.hostConnected(hostConnected);
                }
            }
            default -> { }
        }
    }

    private void openPort(int id) {
        int rxIndex = 2 + 2 * id;
        rx = queue(rxIndex);
        tx = queue(rxIndex + 1);
        if (rx == null || tx == null) {
            rx = null;
            tx = null;
            return;
        }
        for (int i = 0; i < DATA_BUFFERS; i++) {
            long b = dma.allocate(DATA_BUFFER_BYTES, 16);
            if (b == 0) {
                break;
            }
            rx.offer(b, DATA_BUFFER_BYTES, true);
        }
        txFree = new long[DATA_BUFFERS];
        for (int i = 0; i < DATA_BUFFERS; i++) {
            long b = dma.allocate(DATA_BUFFER_BYTES, 16);
            if (b != 0) {
                txFree[txFreeCount++] = b;
            }
        }
        portId = id;
        notify(rx);
        sendControl(id, PORT_OPEN, 1);
    }

    /** Transmit buffers the device does not hold (a stack). */
    private long[] txFree;
    private int txFreeCount;

    /** Output waiting for transmit buffers. */
    private byte[] backlog = new byte[16384];
    /** The waiting bytes are backlog[backlogStart, backlogStart + backlogLength). */
    private int backlogStart;
    private int backlogLength;
    /** Above this backlog, input is left unread: the host must read before it may write more. */
    static final int BACKPRESSURE_BACKLOG = 256 * 1024;
    /** Beyond this, output is dropped: the host has stopped reading. */
    static final int BACKLOG_LIMIT = 8 * 1024 * 1024;

    /**
     * Queues bytes for the host; they leave as transmit buffers come free (see {@link #flush}).
     * Returns false, counting the bytes as dropped, only when there is no port or the backlog has
     * reached {@link #BACKLOG_LIMIT} (a host that stopped reading).
     */
    public boolean write(byte[] data, int offset, int length) {
        if (tx == null || backlogLength + length > BACKLOG_LIMIT) {
            dropped += length;
            return false;
        }
        if (backlog.length - backlogStart - backlogLength < length) {
            /* the waiting bytes move to the front only when the end is reached, not after every flush */
            byte[] target = backlog.length - backlogLength < length
                    ? new byte[Math.max(backlog.length * 2, backlogLength + length)] : backlog;
            System.arraycopy(backlog, backlogStart, target, 0, backlogLength);
            backlog = target;
            backlogStart = 0;
        }
        System.arraycopy(data, offset, backlog, backlogStart + backlogLength, length);
        backlogLength += length;
        flush();
        return true;
    }

    /** Moves queued output into free transmit buffers. */
    private void flush() {
        reclaimTx();
        int sent = 0;
        while (sent < backlogLength && txFreeCount > 0) {
            int chunk = Math.min(DATA_BUFFER_BYTES, backlogLength - sent);
            long b = txFree[--txFreeCount];
            mem.write(b, backlog, backlogStart + sent, chunk);
            tx.offer(b, chunk, false);
            sent += chunk;
            bytesOut += chunk;
        }
        if (sent > 0) {
            backlogStart += sent;
            backlogLength -= sent;
            if (backlogLength == 0) {
                backlogStart = 0;
            }
            notify(tx);
        }
    }

    /** Bytes waiting for transmit buffers. */
    public int backlog() {
        return backlogLength;
    }

    public boolean hostConnected() {
        return hostConnected;
    }

    public int portId() {
        return portId;
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut;
    }

    public long bytesDropped() {
        return dropped;
    }
}
