package oolong.kernel.core;

/**
 * Where the puppets' answers go: the agent, which turns each into the answer to the host's deferred
 * request (the request is an opaque token here: the agent's id for it).
 */
public interface PuppetReplies {
    /** A puppet reported on the command given for {@code request}: the text it wrote, or null when it could not be read. */
    void reported(String request, int pid, String result);

    /** The command given for {@code request} could not be delivered: an error code of the agent's protocol and why. */
    void refused(String request, String code, String message);

    /** The puppet died before it reported on the command given for {@code request}. */
    void exited(String request, int pid, long code);
}
