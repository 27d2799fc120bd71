package oolong.campaign.exec;

import com.fasterxml.jackson.databind.JsonNode;
import oolong.campaign.model.Result;
import oolong.campaign.prog.Step;

/** A puppet's answer (the agent's JSON) as a {@link Result}, read for the step that asked. */
final class Answers {
    private Answers() {
    }

    /** Null when the answer is not one a puppet gives (the harness sent something wrong). */
    static Result of(Step step, JsonNode answer) {
        if (answer.path("exited").asBoolean(false)) {
            return Result.died(answer.path("code").asLong());
        }
        if (answer.has("error") || !answer.path("result").has("ret") || answer.path("result").has("error")) {
            return null;
        }
        JsonNode r = answer.path("result");
        long ret = r.path("ret").asLong();
        if (step instanceof Step.Fork) {
            return ret > 0 ? new Result(Result.Kind.CREATED, ret, null, 0, 0) : Result.returned(ret);
        }
        if (step instanceof Step.Pipe) {
            return ret == 0 ? Result.pipe(r.path("read").asInt(), r.path("write").asInt()) : Result.returned(ret);
        }
        if (step instanceof Step.Read) {
            return ret >= 0 ? Result.read(ret, r.path("data").asText()) : Result.returned(ret);
        }
        if (step instanceof Step.Memflag) {
            return ret >= 0 ? Result.address() : Result.returned(ret);
        }
        return Result.returned(ret);
    }

    /** Whether the kernel's result is the one the seed's semantics give. */
    static boolean same(Result expected, Result actual) {
        if (actual == null || expected.kind() != actual.kind()) {
            return false;
        }
        return switch (expected.kind()) {
            case RETURNED -> expected.value() == actual.value() && (expected.data() == null || expected.data().equals(actual.data()))
                    && expected.readEnd() == actual.readEnd() && expected.writeEnd() == actual.writeEnd();
            case DIED -> expected.value() == actual.value();
            default -> true;
        };
    }
}
