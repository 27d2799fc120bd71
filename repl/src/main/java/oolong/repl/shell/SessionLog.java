package oolong.repl.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * What was typed in this session, for {@code /history} (everything, in order) and {@code /save}
 * (what worked, so that the saved script replays without failing: snippets and commands, but not
 * the session commands that only look at the session, nor /help and /exit).
 */
public final class SessionLog {
    private final List<String> typed = new ArrayList<>();
    private final List<String> worked = new ArrayList<>();

    /** An input as the user entered it (a snippet over several lines is one input). */
    public synchronized void typed(String input) {
        typed.add(input.strip());
    }

    /** An input that ran without failing. */
    public synchronized void worked(String input) {
        String s = input.strip();
        if (ReplCommands.isCommand(s)) {
            ReplCommands.Command c = ReplCommands.find(s.substring(1).split("\\s+")[0]).orElse(null);
            if (c == null || c.kind() == ReplCommands.Kind.HELP || c.kind() == ReplCommands.Kind.EXIT
                    || (c.kind() == ReplCommands.Kind.SESSION && !c.name().equals("open"))) {
                return;
            }
        }
        worked.add(s);
    }

    public synchronized List<String> history() {
        return List.copyOf(typed);
    }

    /** The session as a script that `scripts/oolong run` (or /open) replays. */
    public synchronized String script() {
        StringBuilder sb = new StringBuilder();
        for (String s : worked) {
            sb.append(s).append('\n');
        }
        return sb.toString();
    }
}
