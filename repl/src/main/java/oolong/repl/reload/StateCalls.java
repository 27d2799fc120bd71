package oolong.repl.reload;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which agent requests build kernel state that a reboot loses, and what kind of state: the one
 * table {@code /reload} decides what to replay by. A snippet is replayed when it sent at least one
 * request this table names (whatever facade sent it: {@code k.spawn}, a puppet's call, a policy
 * swap, a fault setting), so a snippet that only looks ({@code k.ps()}, {@code k.faults().list()})
 * or only computes is not.
 *
 * <p>A new facade call that builds state adds its request here: one rule, the op and, where the
 * op both reads and writes, the actions that write.
 */
public final class StateCalls {
    /** The kinds of state, in the order the replay report lists them. */
    public static final List<String> KINDS = List.of("spawn", "puppet", "kill", "policy", "fault", "probe");

    /** One rule: requests with this op (and, when actions is not empty, one of these "action"s) build this kind. */
    record Rule(String op, Set<String> actions, String kind) {
        boolean matches(String requestOp, Map<String, ?> args) {
            if (!op.equals(requestOp)) {
                return false;
            }
            return actions.isEmpty() || actions.contains(String.valueOf(args.get("action")));
        }
    }

    static final List<Rule> RULES = List.of(
            new Rule("spawn", Set.of(), "spawn"),               /* k.spawn, k.spawnUnder, k.chaos's spawns */
            new Rule("puppet", Set.of(), "puppet"),             /* every puppet command: fork, pipe, exit, await... */
            new Rule("kill", Set.of(), "kill"),
            new Rule("filicide", Set.of(), "kill"),
            new Rule("sched", Set.of("use", "install", "set"), "policy"),
            new Rule("faults", Set.of("set", "clear"), "fault"),
            new Rule("probe", Set.of(), "probe"),               /* k.probe, k.patch (issue 13), when the kernel has them */
            new Rule("patch", Set.of(), "probe"));

    private StateCalls() {
    }

    /** The kind of state a request builds, or empty when it builds none. */
    public static Optional<String> classify(String op, Map<String, ?> args) {
        if (op.equals("spawn") && "puppet".equals(String.valueOf(args.get("program")))) {
            return Optional.of("puppet");                       /* k.puppet() spawns the puppet program */
        }
        if (op.equals("sched") && "limits".equals(String.valueOf(args.get("action")))) {
            /* k.sched().limits() reads them; limits with a value set one */
            return args.size() > 1 ? Optional.of("policy") : Optional.empty();
        }
        for (Rule r : RULES) {
            if (r.matches(op, args)) {
                return Optional.of(r.kind());
            }
        }
        return Optional.empty();
    }
}
