package oolong.kernel.agent;

import java.util.Map;
import oolong.kernel.core.PuppetReplies;

/**
 * Turns what puppets report into the answers of the host's deferred "puppet" requests:
 * {@code {"pid":N,"result":{...}}} with the puppet's own JSON object, an error when what it wrote
 * is not one, {@code {"pid":N,"exited":true,"code":C}} when it died first.
 */
final class PuppetAnswers implements PuppetReplies {
    private final Agent agent;

    PuppetAnswers(Agent agent) {
        this.agent = agent;
    }

    @Override
    public void reported(String request, int pid, String result) {
        JsonWriter w = new JsonWriter().beginObject().field("pid", pid);
        if (result != null && isJsonObject(result)) {
            w.name("result").raw(result);
        } else {
            w.field("error", "the puppet reported a result that is not a JSON object");
        }
        agent.respond(request, w.endObject());
    }

    @Override
    public void refused(String request, String code, String message) {
        agent.respondError(request, new AgentError(code, message));
    }

    @Override
    public void exited(String request, int pid, long code) {
        agent.respond(request, new JsonWriter().beginObject().field("pid", pid).field("exited", true)
                .field("code", code).endObject());
    }

    private static boolean isJsonObject(String text) {
        try {
            return Json.parse(text) instanceof Map;
        } catch (Json.ParseException e) {
            return false;
        }
    }
}
