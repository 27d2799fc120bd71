package oolong.kernel.agent;

/** A request the agent refuses: a protocol error code (e.g. "EINVAL") and a message for the user. */
public final class AgentError extends Exception {
    public final String code;

    public AgentError(String code, String message) {
        super(message);
        this.code = code;
    }
}
