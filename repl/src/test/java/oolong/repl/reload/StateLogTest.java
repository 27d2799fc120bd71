package oolong.repl.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The state log and the replay plan it gives: which snippets a reload replays, in which order. */
class StateLogTest {
    private final StateLog log = new StateLog();

    private void ran(String source, boolean failed, int generation, String... requests) {
        log.begin(generation);
        for (int i = 0; i < requests.length; i += 2) {
            log.request(requests[i], requests[i + 1] == null ? Map.of() : Map.of("action", requests[i + 1]));
        }
        log.end(source, failed, generation);
    }

    @Test
    void keepsTheSnippetsThatBuiltStateInOrderWithTheirKinds() {
        ran("int t = k.spawn(\"tree\", \"2\", \"2\");", false, 1, "spawn", null);
        ran("k.ps()", false, 1, "ps", null);
        ran("int n = t + 1;", false, 1);
        ran("class Fair implements Policy { }", false, 1);
        ran("k.sched().install(Fair.class)", false, 1, "sched", "install");
        ran("k.faults().failFrames().every(3).on()", false, 1, "faults", "set", "faults", null);
        ran("var p = k.puppet(); ", false, 1, "spawn", null, "puppet", null, "kill", null);

        ReplayPlan plan = ReplayPlan.of(log);
        assertEquals(List.of("int t = k.spawn(\"tree\", \"2\", \"2\");", "k.sched().install(Fair.class)",
                "k.faults().failFrames().every(3).on()", "var p = k.puppet();"),
                plan.steps().stream().map(StateLog.Entry::source).toList());
        assertEquals(List.of("spawn", "puppet", "kill"), plan.steps().get(3).kinds(), "kinds in the report's order");
        assertEquals("4 snippets (2 spawn, 1 puppet, 1 kill, 1 policy, 1 fault)", plan.summary());
    }

    @Test
    void aFailedSnippetIsNotReplayed() {
        ran("k.spawn(\"nosuch\")", true, 1, "spawn", null);
        assertTrue(ReplayPlan.of(log).isEmpty());
        assertEquals("0 snippets", ReplayPlan.of(log).summary());
    }

    @Test
    void aSnippetThatReplacedTheMachineStartsTheLogAfresh() {
        ran("k.spawn(\"spin\")", false, 1, "spawn", null);
        ran("vm.restore(\"before\")", false, 1);
        assertEquals(1, log.entries().size());
        log.begin(1);
        log.end("vm.reboot()", false, 2);       /* the machine changed while it ran */
        assertTrue(log.entries().isEmpty());
        ran("k.spawn(\"sleeper\", \"100\")", false, 2, "spawn", null);
        assertEquals(1, log.entries().size());
        log.clear();
        assertTrue(log.entries().isEmpty());
    }

    @Test
    void requestsOutsideASnippetAreNotAttributed() {
        log.request("spawn", Map.of());
        ran("1 + 1", false, 1);
        assertTrue(log.entries().isEmpty());
    }
}
