package oolong.qmp.transport;

import java.util.Arrays;

/**
 * Cuts the bytes read from a socket into lines at '\n', whatever the reads' boundaries. Lines are
 * handed over as bytes (the JSON parser decodes UTF-8 itself and rejects what is not); a line
 * longer than the limit is dropped up to its newline and reported once, so a peer that never
 * sends a newline cannot make the reader grow without bound.
 */
final class LineAssembler {
    /** Receives one complete line, without its newline: the first {@code length} bytes of {@code line}. */
    interface LineSink {
        void line(byte[] line, int length);
    }

    private final int maxLine;
    private byte[] line = new byte[4096];
    private int length;
    private boolean overlong;

    LineAssembler(int maxLine) {
        this.maxLine = maxLine;
    }

    /** Feeds the first {@code n} bytes of {@code bytes}; complete lines go to the sink in order. */
    void feed(byte[] bytes, int n, LineSink sink, Runnable onOverlong) {
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            append(bytes, start, i - start);
            if (overlong) {
                onOverlong.run();
            } else {
                sink.line(line, length);
            }
            length = 0;
            overlong = false;
            start = i + 1;
        }
        append(bytes, start, n - start);
    }

    private void append(byte[] bytes, int from, int count) {
        if (overlong || count == 0) {
            return;
        }
        if (length + count > maxLine) {
            overlong = true;
            length = 0;
            if (line.length > 4096) {
                line = new byte[4096];      /* give the memory back */
            }
            return;
        }
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLine, Math.max(line.length * 2, length + count)));
        }
        System.arraycopy(bytes, from, line, length, count);
        length += count;
    }

    /** A line of only spaces, tabs and carriage returns (or nothing). */
    static boolean blank(byte[] line, int length) {
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
