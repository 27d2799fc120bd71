package oolong.kernel.log;

/**
 * The kernel console: every message of the kernel goes here, and from here to the serial port the
 * entry point gives it (COM1). Until {@link #init} runs, and in host tests that give none, output
 * is dropped.
 */
public final class Log {
    /** Where the text goes (the UART). */
    public interface Sink {
        void write(String text);
    }

    private static Sink sink;

    private Log() {
    }

    public static void init(Sink output) {
        sink = output;
    }

    public static void print(String s) {
        if (sink != null) {
            sink.write(s);
        }
    }

    public static void println(String s) {
        print(s);
        print("\n");
    }
}
