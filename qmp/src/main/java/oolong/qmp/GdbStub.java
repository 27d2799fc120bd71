package oolong.qmp;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * QEMU's gdbstub: the GDB remote protocol on a local TCP port, so that gdb can stop the guest's
 * CPU, set breakpoints and read registers and memory. Started on demand through the monitor
 * ({@code gdbserver}); one per QEMU process, so asking again returns the same port.
 */
public final class GdbStub {
    private static final Map<VirtualMachine, Integer> PORTS = new WeakHashMap<>();

    private GdbStub() {
    }

    /** Starts the stub on a free port of 127.0.0.1 (or returns the running one) and returns the port. */
    public static synchronized int start(VirtualMachine vm) throws IOException {
        Integer known = PORTS.get(vm);
        if (known != null) {
            return known;
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String answer = vm.hmp("gdbserver tcp:127.0.0.1:" + port).strip();
        if (!answer.isEmpty() && !answer.toLowerCase().contains("waiting for gdb")) {
            throw new IOException("QEMU did not start its gdbstub on port " + port + ": " + answer);
        }
        PORTS.put(vm, port);
        return port;
    }
}
