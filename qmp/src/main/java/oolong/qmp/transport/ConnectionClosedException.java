package oolong.qmp.transport;

import java.io.IOException;

/**
 * A call failed because its connection ended: the peer hung up, the socket broke, or this side
 * closed it. The message is the reason, in the words of the client that owns the connection.
 */
public class ConnectionClosedException extends IOException {
    public ConnectionClosedException(String reason) {
        super(reason);
    }
}
