package oolong.repl.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * What was typed in this session, for {@code /history} (everything, in order) and {@code /save}
 * (what worked, so that the saved script replays without failing: snippets and commands, but not
 * the session commands that only look at the session, nor /help and /exit).
 *
 * <p>Expression results are numbered by JShell ($1, $2, ...), and a snippet that threw used up a
 * number too. The replay skips what failed, so its numbers would shift and {@code $3 + 1} would
 * mean something else; where that happens, the saved script declares the result under its
 * original name instead ({@code var $3 = 6 * 7;}), and the replay means what the session meant.
 */
public final class SessionLog {
    /** One snippet an input ran, and the $N it left its value in (or null). */
    private record Ran(String source, String temporary) {
    }

    /** An input that worked; for a command, snippets holds its translation. */
    private record Entry(String input, List<Ran> snippets) {
    }

    private final List<String> typed = new ArrayList<>();
    private final List<Entry> worked = new ArrayList<>();

    /** An input as the user entered it (a snippet over several lines is one input). */
    public synchronized void typed(String input) {
        typed.add(input.strip());
    }

    /** An input that ran without failing, with what it ran (empty for a command that runs no snippet). */
    public synchronized void worked(String input, List<JShellSession.Outcome> outcomes) {
        String s = input.strip();
        if (ReplCommands.isCommand(s)) {
            ReplCommands.Command c = ReplCommands.find(s.substring(1).split("\\s+")[0]).orElse(null);
            /* (/reload is not saved: the script's own snippets build the state it would replay) */
            if (c == null || c.kind() == ReplCommands.Kind.HELP || c.kind() == ReplCommands.Kind.EXIT
                    || c.kind() == ReplCommands.Kind.RELOAD
                    || (c.kind() == ReplCommands.Kind.SESSION && !c.name().equals("open"))) {
                return;
            }
        }
        List<Ran> ran = new ArrayList<>();
        for (JShellSession.Outcome o : outcomes) {
            ran.add(new Ran(o.source().strip(), o.temporary() ? o.name() : null));
        }
        worked.add(new Entry(s, List.copyOf(ran)));
    }

    /** The same for an input that ran no snippet (/reboot, /open). */
    public synchronized void worked(String input) {
        worked(input, List.of());
    }

    public synchronized List<String> history() {
        return List.copyOf(typed);
    }

    /** The session as a script that `scripts/oolong run` (or /open) replays. */
    public synchronized String script() {
        StringBuilder sb = new StringBuilder();
        int replayed = 0;          /* the $N the replay has reached */
        for (Entry e : worked) {
            boolean same = true;
            int n = replayed;
            for (Ran r : e.snippets()) {
                if (r.temporary() != null) {
                    same &= r.temporary().equals("$" + (n + 1));
                    n++;
                }
            }
            if (same) {
                sb.append(e.input()).append('\n');
                replayed = n;
                continue;
            }
            for (Ran r : e.snippets()) {
                if (r.temporary() == null) {
                    sb.append(r.source()).append('\n');
                } else {
                    String expr = r.source().endsWith(";") ? r.source().substring(0, r.source().length() - 1) : r.source();
                    sb.append("var ").append(r.temporary()).append(" = ").append(expr.strip()).append(";\n");
                }
            }
        }
        return sb.toString();
    }
}
