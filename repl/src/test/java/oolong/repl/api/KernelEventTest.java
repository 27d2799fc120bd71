package oolong.repl.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * k.events() listed a policy's fallback with the kernel's class-file line ("Stuck.pick line 9")
 * while the notice about the same fallback named the line typed ("line 5 of Stuck"): the event
 * now carries the explained reason, the kernel's words staying in data.
 */
class KernelEventTest {
    private static final String RAW = "Stuck.pick line 9 (bytecode 8) used up its budget of 5000 instructions in one decision";

    @Test
    void aFallbackPrintsTheReasonAsItsNoticeDoes() throws Exception {
        var json = new ObjectMapper().readTree("{\"event\":\"sched\",\"from\":\"Stuck\",\"to\":\"Fair\",\"tick\":1263,"
                + "\"reason\":\"" + RAW + "\"}");
        KernelEvent e = Kernel.event(json, r -> r.replace("Stuck.pick line 9", "Stuck.pick line 5 of Stuck [n += q.size();]"));
        assertEquals("sched: Stuck thrown out, back to Fair (Stuck.pick line 5 of Stuck [n += q.size();] (bytecode 8) used up "
                + "its budget of 5000 instructions in one decision) at tick 1263", e.toString());
        assertEquals(RAW, e.data().path("reason").asText());
    }

    @Test
    void aSwapAndAnExitAreNotExplained() throws Exception {
        var m = new ObjectMapper();
        KernelEvent swap = Kernel.event(m.readTree("{\"event\":\"sched\",\"from\":\"seed\",\"to\":\"stride\",\"tick\":353,"
                + "\"reason\":\"installed\"}"), r -> { throw new AssertionError("explained " + r); });
        assertEquals("sched: seed -> stride at tick 353", swap.toString());
        KernelEvent exit = Kernel.event(m.readTree("{\"event\":\"exit\",\"pid\":2,\"program\":\"spin\",\"code\":0}"),
                r -> { throw new AssertionError("explained " + r); });
        assertEquals("exit: pid 2 (spin) code 0", exit.toString());
    }
}
