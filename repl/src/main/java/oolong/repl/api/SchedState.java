package oolong.repl.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import oolong.repl.view.Fields;

/**
 * The scheduler's state as {@code k.sched().info()} returns it (the agent's {@code sched get}):
 * the running policy, its decisions and their cost since it was installed and since boot,
 * fallbacks and the last reason, and the names of the built-in policies. Prints as a list of
 * fields; {@code json()} is the kernel's answer, {@code path(name)} one of its fields.
 */
public record SchedState(String policy, boolean interpreted, long budget, long lastInstructions, long policyDecisions,
                         long policyDecisionNanos, long policyAgeNanos, long firstDecisionDelayNanos, long decisions,
                         long decisionNanos, long fallbacks, String lastFallback, int hz, long contextSwitches,
                         List<String> builtIns, JsonNode json, boolean compiled, long compileNanos, long codeBytes) {

    static SchedState from(JsonNode i) {
        List<String> builtIns = new ArrayList<>();
        i.path("built_in").forEach(n -> builtIns.add(n.asText()));
        return new SchedState(i.path("policy").asText(), i.path("interpreted").asBoolean(), i.path("budget").asLong(),
                i.path("last_instructions").asLong(), i.path("policy_decisions").asLong(),
                i.path("policy_decision_ns").asLong(), i.path("policy_age_ns").asLong(),
                i.path("first_decision_delay_ns").asLong(), i.path("decisions").asLong(), i.path("decision_ns").asLong(),
                i.path("fallbacks").asLong(), i.path("last_fallback").isNull() || i.path("last_fallback").isMissingNode()
                ? null : i.path("last_fallback").asText(), i.path("timer_hz").asInt(), i.path("context_switches").asLong(),
                List.copyOf(builtIns), i, i.path("compiled").asBoolean(), i.path("compile_ns").asLong(),
                i.path("code_bytes").asLong());
    }

    /** Why a policy is interpreted rather than compiled, if the kernel said. */
    private String note() {
        String n = json.path("jit_note").asText("");
        return n.isEmpty() ? "" : "; " + n;
    }

    /** A field of the kernel's answer, as JSON. */
    public JsonNode path(String field) {
        return json.path(field);
    }

    /** Decisions per second made by the running policy since it was installed. */
    public double decisionsPerSecond() {
        return policyAgeNanos > 0 ? policyDecisions * 1e9 / policyAgeNanos : 0;
    }

    /** Mean cost of the running policy's decisions, in microseconds (0 before the first). */
    public double microsPerDecision() {
        return policyDecisions > 0 ? policyDecisionNanos / 1000.0 / policyDecisions : 0;
    }

    @Override
    public String toString() {
        Fields f = new Fields("scheduler: " + policy + (interpreted ? " (interpreted, budget " + budget
                + " instructions per decision" + note() + ")"
                : compiled ? String.format(Locale.ROOT, " (compiled to %d bytes of x86-64 in %.2f ms, budget %d instructions"
                + " per decision)", codeBytes, compileNanos / 1e6, budget) : " (built in)"));
        f.add("since installed", String.format(Locale.ROOT, "%s in %.2f s (%.0f/s), %.1f us each",
                count(policyDecisions, "decision"), policyAgeNanos / 1e9, decisionsPerSecond(), microsPerDecision())
                + (firstDecisionDelayNanos >= 0 ? String.format(Locale.ROOT, ", first after %.1f ms",
                firstDecisionDelayNanos / 1e6) : ", none yet")
                + (interpreted || compiled ? ", last took " + lastInstructions + " instructions" : ""));
        f.add("since boot", count(decisions, "decision") + ", " + count(contextSwitches, "context switch") + ", timer "
                + hz + " Hz");
        f.add("fallbacks", fallbacks + (lastFallback == null ? "" : " (last: " + lastFallback + ")"));
        f.add("built in", String.join(", ", builtIns));
        return f.toString();
    }

    /** "1 decision", "2 decisions", "1 context switch", "5 context switches" (also Sched's one-line summary). */
    static String count(long n, String noun) {
        return n + " " + (n == 1 ? noun : noun + (noun.endsWith("h") ? "es" : "s"));
    }
}
