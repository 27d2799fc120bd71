package oolong.repl.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which agent requests count as building kernel state (what /reload replays). */
class StateCallsTest {
    private static Optional<String> kind(String op, Object... kv) {
        Map<String, Object> args = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            args.put((String) kv[i], kv[i + 1]);
        }
        return StateCalls.classify(op, args);
    }

    @Test
    void spawnsPuppetsAndKillsBuildState() {
        assertEquals(Optional.of("spawn"), kind("spawn", "program", "tree", "args", List.of("2", "2"), "parent", 1));
        assertEquals(Optional.of("puppet"), kind("spawn", "program", "puppet", "args", List.of(), "parent", 1));
        assertEquals(Optional.of("puppet"), kind("puppet", "pid", 3, "command", "fork"));
        assertEquals(Optional.of("kill"), kind("kill", "pid", 3, "code", -1));
        assertEquals(Optional.of("kill"), kind("filicide", "pid", 2, "code", -1));
    }

    @Test
    void policySwapsAndSettingsBuildStateButReadingThemDoesNot() {
        assertEquals(Optional.of("policy"), kind("sched", "action", "use", "policy", "stride"));
        assertEquals(Optional.of("policy"), kind("sched", "action", "install", "class", "AAAA"));
        assertEquals(Optional.of("policy"), kind("sched", "action", "set", "pid", 2, "nice", 5));
        assertEquals(Optional.of("policy"), kind("sched", "action", "limits", "watchdog_ms", 500));
        assertEquals(Optional.empty(), kind("sched", "action", "limits"));
        assertEquals(Optional.empty(), kind("sched", "action", "get"));
        assertEquals(Optional.empty(), kind("sched", "action", "stats"));
        assertEquals(Optional.empty(), kind("sched", "action", "timeline", "since", 0));
        assertEquals(Optional.empty(), kind("sched", "action", "bench", "policy", "fair"));
    }

    @Test
    void faultSettingsBuildStateButTheListDoesNot() {
        assertEquals(Optional.of("fault"), kind("faults", "action", "set", "point", "frames", "probability", 0.5));
        assertEquals(Optional.of("fault"), kind("faults", "action", "clear", "point", "frames"));
        assertEquals(Optional.of("fault"), kind("faults", "action", "clear"));
        assertEquals(Optional.empty(), kind("faults"));
    }

    @Test
    void probesAndPatchesBuildState() {
        assertEquals(Optional.of("probe"), kind("probe", "action", "add"));
        assertEquals(Optional.of("probe"), kind("patch", "action", "add"));
    }

    @Test
    void lookingDoesNotBuildState() {
        for (String op : List.of("ping", "ps", "proc", "handles", "pages", "stats", "check", "hold", "release", "scrub")) {
            assertEquals(Optional.empty(), kind(op, "pid", 1), op);
        }
    }

    @Test
    void everyRuleNamesAKindTheReportKnows() {
        for (StateCalls.Rule r : StateCalls.RULES) {
            assertEquals(true, StateCalls.KINDS.contains(r.kind()), r.toString());
        }
    }
}
