package oolong.repl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oolong.repl.agent.AgentClient;
import oolong.repl.session.Session;
import oolong.repl.shell.CompletionSources;

/**
 * Tab's words from the live kernel: the built-in policies ({@code sched get}'s {@code built_in}),
 * the fault points ({@code faults}' list) and the processes ({@code ps}), each asked when Tab is
 * pressed, with a short time limit so that a stuck kernel does not freeze the prompt. Programs
 * come from the shared list in kernel/api (the default).
 */
final class LiveCompletions implements CompletionSources {
    private static final Duration LIMIT = Duration.ofMillis(1500);
    private final Session session;

    LiveCompletions(Session session) {
        this.session = session;
    }

    private JsonNode ask(String op, Map<String, Object> args) {
        if (session.panic() != null) {
            throw new IllegalStateException("the kernel has panicked");
        }
        AgentClient agent = session.agent();
        return agent.call(op, args, LIMIT);
    }

    @Override
    public List<String> policies() {
        List<String> out = new ArrayList<>();
        ask("sched", Map.of("action", "get")).path("built_in").forEach(n -> out.add(n.asText()));
        return out;
    }

    @Override
    public List<String> faultPoints() {
        List<String> out = new ArrayList<>();
        ask("faults", Map.of()).path("points").forEach(p -> out.add(p.path("point").asText()));
        return out;
    }

    @Override
    public Map<Integer, String> processes() {
        Map<Integer, String> out = new LinkedHashMap<>();
        for (JsonNode p : ask("ps", Map.of()).path("processes")) {
            out.put(p.path("pid").asInt(), p.path("program").asText() + " " + p.path("state").asText());
        }
        return out;
    }
}
