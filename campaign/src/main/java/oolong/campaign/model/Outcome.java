package oolong.campaign.model;

import java.util.Map;

/**
 * What one operation did: its result for the process that made it, and the operations of other
 * processes it finished (a write that woke a reader, a kill that ended a blocked await), keyed by
 * process.
 */
public record Outcome(Result self, Map<ModelProcess, Result> completed) {
}
