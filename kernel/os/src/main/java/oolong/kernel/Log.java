package oolong.kernel;

import oolong.kernel.dev.SerialPort;

/** The kernel console (COM1). Until {@link #init} runs, output is dropped. */
public final class Log {
    private static SerialPort port;

    private Log() {
    }

    public static void init(SerialPort serial) {
        port = serial;
    }

    public static SerialPort port() {
        return port;
    }

    public static void print(String s) {
        if (port != null) {
            port.write(s);
        }
    }

    public static void println(String s) {
        print(s);
        print("\n");
    }
}
