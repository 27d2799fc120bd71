package oolong.repl.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import oolong.repl.agent.AgentException;
import org.junit.jupiter.api.Test;

class AgentMessagesTest {
    @Test
    void theProtocolsForceFlagBecomesTheJavaCall() {
        AgentException kernel = new AgentException("ESTATE",
                "killing init while it has children panics the kernel; pass force=true to do it anyway");
        AgentException e = AgentMessages.withForcingCall(kernel, "call k.kill(1, -1, true)");
        assertEquals("ESTATE", e.code());
        assertEquals("ESTATE: killing init while it has children panics the kernel; call k.kill(1, -1, true) to do it anyway",
                e.getMessage());
    }

    @Test
    void otherRefusalsAreLeftAlone() {
        AgentException kernel = new AgentException("ENOPROC", "no process 99");
        assertSame(kernel, AgentMessages.withForcingCall(kernel, "call k.kill(99, -1, true)"));
    }
}
