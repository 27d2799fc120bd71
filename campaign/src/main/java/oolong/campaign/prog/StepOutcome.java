package oolong.campaign.prog;

import java.util.Map;
import oolong.campaign.model.Result;

/**
 * What a step did, by variable: its result for the puppet that made it (or the agent), and the
 * blocked operations of other puppets it finished (a read a write woke, an await a death ended).
 */
public record StepOutcome(Result self, Map<String, Result> completed) {
    public StepOutcome {
        completed = Map.copyOf(completed);
    }
}
