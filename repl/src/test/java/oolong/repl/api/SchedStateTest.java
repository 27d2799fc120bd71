package oolong.repl.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** k.sched().info() counts in English: "1 decision", "2 decisions". */
class SchedStateTest {
    static SchedState state(long policyDecisions, long decisions) throws Exception {
        return SchedState.from(new ObjectMapper().readTree("{\"policy\":\"Fair\",\"compiled\":true,\"budget\":10000,"
                + "\"policy_decisions\":" + policyDecisions + ",\"policy_decision_ns\":1000,\"policy_age_ns\":320000000,"
                + "\"first_decision_delay_ns\":1000,\"decisions\":" + decisions + ",\"timer_hz\":100,"
                + "\"context_switches\":1,\"built_in\":[\"seed\"]}"));
    }

    @Test
    void oneDecisionIsSingular() throws Exception {
        String s = state(1, 1).toString();
        assertTrue(s.contains("since installed  1 decision in 0.32 s"), s);
        assertTrue(s.contains("since boot       1 decision, 1 context switch, timer 100 Hz"), s);
    }

    @Test
    void otherCountsArePlural() throws Exception {
        String s = state(8, 9).toString();
        assertTrue(s.contains("8 decisions in 0.32 s"), s);
        assertTrue(s.contains("9 decisions, 1 context switch,"), s);
    }

    @Test
    void theOneLineSummaryCountsInEnglishToo() throws Exception {
        var mapper = new ObjectMapper();
        String one = Sched.summary(mapper.readTree("{\"policy\":\"Fair\",\"compiled\":true,\"policy_decisions\":1,"
                + "\"policy_age_ns\":1000000000,\"policy_decision_ns\":13800,\"cpu_share_percent\":0,\"decisions\":7,"
                + "\"fallbacks\":1,\"last_fallback\":null}"), m -> m);
        assertTrue(one.equals("scheduler: Fair (compiled), 1 decision since installed (1/s) at 13.8 us each, 0% of the CPU,"
                + " 7 in all, 1 fallback"), one);
        String many = Sched.summary(mapper.readTree("{\"policy\":\"Fair\",\"policy_decisions\":0,\"decisions\":7,"
                + "\"fallbacks\":0,\"last_fallback\":null}"), m -> m);
        assertTrue(many.contains("0 decisions since installed") && many.endsWith("0 fallbacks"), many);
    }
}
