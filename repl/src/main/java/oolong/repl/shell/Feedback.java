package oolong.repl.shell;

/**
 * How a snippet's value is shown, the same in the console and in batch mode: as jshell shows it,
 * {@code $3 ==> "Fair"} or {@code t ==> 2}, naming the variable that now holds it (a multi-line
 * value, such as a table, starts on the next line so its columns stay aligned). A slash command
 * shows its value alone, as crash does: it is a view, not something you typed to keep.
 */
public final class Feedback {
    private Feedback() {
    }

    /** The text to print for a value, or null when there is nothing to print. */
    public static String value(JShellSession.Outcome o, boolean fromCommand) {
        String v = o.value();
        if (v == null) {
            return null;
        }
        if (fromCommand || o.name() == null) {
            return v.isEmpty() ? null : v;
        }
        return o.name() + " ==>" + (v.contains("\n") ? "\n" : " ") + v;
    }
}
