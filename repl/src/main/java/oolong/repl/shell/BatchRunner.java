package oolong.repl.shell;

import java.io.PrintStream;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Runs a .jsh script without a terminal ({@code scripts/oolong run FILE.jsh}): snippets and
 * commands in order, each echoed with its result. Stops at the first snippet that is rejected
 * or throws, or when a kernel check has failed, and reports that through the exit status:
 * 0 all good, 1 a snippet failed, 2 a check failed.
 */
public final class BatchRunner {
    public static final int OK = 0;
    public static final int SNIPPET_FAILED = 1;
    public static final int CHECK_FAILED = 2;

    private final JShellSession session;
    private final PrintStream out;
    private final IntSupplier failedChecks;
    private java.util.function.Supplier<List<String>> notices = List::of;
    private java.util.function.Supplier<String> reboot = () -> null;

    /** failedChecks: how many kernel checks have failed so far in this session. */
    public BatchRunner(JShellSession session, PrintStream out, IntSupplier failedChecks) {
        this.session = session;
        this.out = out;
        this.failedChecks = failedChecks;
    }

    /** Where to find messages to print after each snippet (a scheduler fallback, for example). */
    public BatchRunner notices(java.util.function.Supplier<List<String>> source) {
        notices = source;
        return this;
    }

    /** What /reboot does: reboots the machine and returns a message, or null when it cannot. */
    public BatchRunner reboot(java.util.function.Supplier<String> action) {
        reboot = action;
        return this;
    }

    /**
     * Runs a script. As in jshell, a line whose first non-blank character is '/' (but not a
     * comment) is a REPL command; everything between commands is Java, split into snippets by
     * JShell's own analysis.
     */
    public int run(String script, String name) {
        int checksBefore = failedChecks.getAsInt();
        StringBuilder java = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            if (!ReplCommands.isCommand(line)) {
                java.append(line).append('\n');
                continue;
            }
            int status = runJava(java.toString(), name, checksBefore);
            java.setLength(0);
            if (status != OK) {
                return status;
            }
            ReplCommands.Translation t = ReplCommands.translate(line);
            out.println("oolong> " + line.strip());
            if (t.action() == ReplCommands.Translation.Action.EXIT) {
                out.println("# " + name + ": done");
                return OK;
            }
            if (t.action() == ReplCommands.Translation.Action.REBOOT) {
                String result = reboot.get();
                if (result == null) {
                    return fail(name, line, "/reboot is not available here");
                }
                out.println(result);
                continue;
            }
            if (t.snippet() == null) {
                out.println(t.text());
                if (t.action() == ReplCommands.Translation.Action.NONE) {
                    return fail(name, line, t.text());
                }
                continue;
            }
            status = evaluate(t.snippet(), name, checksBefore);
            if (status != OK) {
                return status;
            }
        }
        int status = runJava(java.toString(), name, checksBefore);
        if (status == OK) {
            out.println("# " + name + ": done");
        }
        return status;
    }

    /**
     * Evaluates Java source the way jshell reads a file: line by line, a snippet ends at the first
     * line where JShell finds it complete (so a bare expression on its own line is a snippet).
     */
    private int runJava(String source, String name, int checksBefore) {
        StringBuilder pending = new StringBuilder();
        for (String line : source.split("\n", -1)) {
            pending.append(line).append('\n');
            while (!pending.toString().isBlank()) {
                var info = session.analysis().analyzeCompletion(pending.toString());
                if (info.completeness() == jdk.jshell.SourceCodeAnalysis.Completeness.EMPTY) {
                    pending.setLength(0);
                    break;
                }
                if (!info.completeness().isComplete()) {
                    break;                  /* read more lines */
                }
                String snippet = info.source();
                pending.setLength(0);
                pending.append(info.remaining());
                out.println("oolong> " + snippet.strip().replace("\n", "\n     > "));
                int status = evaluate(snippet, name, checksBefore);
                if (status != OK) {
                    return status;
                }
            }
        }
        if (!pending.toString().isBlank()) {
            return fail(name, pending.toString().strip(), "incomplete snippet at the end (a missing ';' or bracket?)");
        }
        return OK;
    }

    private int evaluate(String snippet, String name, int checksBefore) {
        List<JShellSession.Outcome> outcomes = session.eval(snippet);
        out.print(session.drainOutput());
        for (String n : notices.get()) {
            out.println("# " + n.replace("\n", "\n# "));
        }
        for (JShellSession.Outcome o : outcomes) {
            switch (o.kind()) {
                case VALUE -> out.println(o.value());
                case DECLARED -> out.println("| " + o.message());
                case REJECTED, EXCEPTION -> {
                    int status = fail(name, o.source(), o.message());
                    /* a failed expectation (Oolong.expect) is a failed check, not a broken script */
                    return failedChecks.getAsInt() > checksBefore ? CHECK_FAILED : status;
                }
                default -> { }
            }
        }
        if (failedChecks.getAsInt() > checksBefore) {
            out.println("# " + name + ": a kernel check failed (see above)");
            return CHECK_FAILED;
        }
        return OK;
    }

    private int fail(String name, String snippet, String why) {
        out.println("# " + name + ": FAILED at: " + snippet.strip());
        out.println("#   " + why.replace("\n", "\n#   "));
        return SNIPPET_FAILED;
    }
}
