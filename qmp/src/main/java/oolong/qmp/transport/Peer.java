package oolong.qmp.transport;

import java.util.function.Function;

/**
 * How a {@link JsonLinesTransport} speaks of the peer at the other end, so that each client keeps
 * its own messages: QMP's say "QMP" and "QEMU", the agent's say "the kernel agent" and point at
 * /reboot. Also the exception type a call fails with when the connection ends.
 *
 * @param name        the peer in "cannot connect to NAME at SOCKET" and "cannot send to NAME"
 * @param connection  the connection in "CONNECTION lost: why" (a read error)
 * @param hungUp      the reason when the peer closes the connection (end of file)
 * @param closedHere  the reason when this side closes it
 * @param closedError the exception a call fails with once the connection has ended
 */
public record Peer(String name, String connection, String hungUp, String closedHere,
        Function<String, ? extends ConnectionClosedException> closedError) {

    /** A peer whose ended calls fail with a plain {@link ConnectionClosedException}. */
    public Peer(String name, String connection, String hungUp, String closedHere) {
        this(name, connection, hungUp, closedHere, ConnectionClosedException::new);
    }
}
