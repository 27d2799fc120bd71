package oolong.qmp;

import java.io.IOException;

/** The connection to QEMU ended (QEMU exited, was killed, or the client was closed). */
public final class QmpClosedException extends IOException {
    public QmpClosedException(String message) {
        super(message);
    }
}
