package oolong.repl.agent;

/** The kernel's agent refused a request: its error code (e.g. ENOPROC) and message. */
public final class AgentException extends RuntimeException {
    private final String code;

    public AgentException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
