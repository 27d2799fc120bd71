package oolong.repl.api;

import oolong.repl.agent.AgentException;

/**
 * Puts the kernel's refusals in the REPL user's words. The agent speaks its protocol: a refused
 * kill of init says "pass force=true", an argument of the JSON request, while the user typed
 * {@code k.kill(1)} and needs to read the Java call that does it: {@code k.kill(1, -1, true)}.
 */
final class AgentMessages {
    private AgentMessages() {
    }

    /** The refusal with the protocol's "pass force=true" replaced by the Java call that forces it. */
    static AgentException withForcingCall(AgentException e, String forcingCall) {
        String message = e.getMessage().substring(e.code().length() + 2);
        if (!message.contains("pass force=true")) {
            return e;
        }
        return new AgentException(e.code(), message.replace("pass force=true", forcingCall));
    }
}
