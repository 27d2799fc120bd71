package oolong.qmp;

import oolong.qmp.transport.ConnectionClosedException;

/** The connection to QEMU ended (QEMU exited, was killed, or the client was closed). */
public final class QmpClosedException extends ConnectionClosedException {
    public QmpClosedException(String message) {
        super(message);
    }
}
