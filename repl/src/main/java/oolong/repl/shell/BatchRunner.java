package oolong.repl.shell;

import java.io.PrintStream;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private java.util.function.Predicate<PrintStream> reload = null;
    private final SessionLog log = new SessionLog();
    private final SessionCommands sessionCommands;
    /** Scripts being run, outermost first: /open inside a script runs another (but not itself again). */
    private final java.util.ArrayDeque<String> opened = new java.util.ArrayDeque<>();
    /** Set by /exit: every script being run stops there. */
    private boolean exited;

    /** failedChecks: how many kernel checks have failed so far in this session. */
    public BatchRunner(JShellSession session, PrintStream out, IntSupplier failedChecks) {
        this.session = session;
        this.out = out;
        this.failedChecks = failedChecks;
        this.sessionCommands = new SessionCommands(session, log, this::open);
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

    /** What /reload does: rebuilds, reboots and replays, printing to the stream; false when something failed. */
    public BatchRunner reload(java.util.function.Predicate<PrintStream> action) {
        reload = action;
        return this;
    }

    /**
     * Runs a script. As in jshell, a line whose first non-blank character is '/' (but not a
     * comment) is a REPL command; everything between commands is Java, split into snippets by
     * JShell's own analysis.
     */
    public int run(String script, String name) {
        int status = include(name, script);
        if (status == OK) {
            out.println("# " + name + ": done");
        }
        return status;
    }

    /** Runs a script as {@link #run} does, without the closing "done" line (for /open). */
    public int include(String name, String script) {
        if (opened.contains(name)) {
            out.println("# " + name + ": FAILED: it opens itself");
            return SNIPPET_FAILED;
        }
        opened.push(name);
        try {
            return runScript(script, name);
        } finally {
            opened.pop();
        }
    }

    private int open(java.nio.file.Path file) {
        try {
            return include(file.getFileName().toString(), java.nio.file.Files.readString(file));
        } catch (java.io.IOException e) {
            out.println("# /open: cannot read " + file + ": " + e.getMessage());
            return SNIPPET_FAILED;
        }
    }

    private int runScript(String script, String name) {
        int checksBefore = failedChecks.getAsInt();
        StringBuilder java = new StringBuilder();
        int javaLine = 1;           /* the file line where the Java in `java` starts */
        String[] lines = script.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int lineNo = i + 1;
            if (!ReplCommands.isCommand(line)) {
                java.append(line).append('\n');
                continue;
            }
            int status = runJava(java.toString(), javaLine, name, checksBefore);
            java.setLength(0);
            javaLine = lineNo + 1;
            if (status != OK) {
                return status;
            }
            ReplCommands.Translation t = ReplCommands.translate(line);
            out.println("oolong> " + line.strip());
            log.typed(line);
            if (t.action() == ReplCommands.Translation.Action.EXIT) {
                exited = true;
                return OK;
            }
            if (t.action() == ReplCommands.Translation.Action.SESSION) {
                if (!sessionCommands.run(line, out)) {
                    return fail(name, lineNo, line, line.strip() + " failed");
                }
                log.worked(line);
                if (exited) {
                    return OK;
                }
                continue;
            }
            if (t.action() == ReplCommands.Translation.Action.REBOOT) {
                String result = reboot.get();
                if (result == null) {
                    return fail(name, lineNo, line, "/reboot is not available here");
                }
                out.println(result);
                log.worked(line);
                continue;
            }
            if (t.action() == ReplCommands.Translation.Action.RELOAD) {
                if (reload == null) {
                    return fail(name, lineNo, line, "/reload is not available here");
                }
                if (!reload.test(out)) {
                    return fail(name, lineNo, line, "/reload failed (see above)");
                }
                continue;
            }
            if (t.snippet() == null) {
                if (t.action() == ReplCommands.Translation.Action.NONE) {
                    /* the failure report carries the reason: printing it here too said it twice */
                    return fail(name, lineNo, line, t.text());
                }
                out.println(t.text());
                continue;
            }
            status = evaluate(line, t.snippet(), lineNo, name, checksBefore, true);
            if (status != OK) {
                return status;
            }
        }
        return runJava(java.toString(), javaLine, name, checksBefore);
    }

    /**
     * Evaluates Java source the way jshell reads a file: line by line, a snippet ends at the first
     * line where JShell finds it complete (so a bare expression on its own line is a snippet).
     * firstLine is the file's line number of the source's first line, so that failures name lines
     * of the file.
     */
    private int runJava(String source, int firstLine, String name, int checksBefore) {
        StringBuilder pending = new StringBuilder();
        int pendingLine = firstLine;    /* the file line of pending's first character */
        for (String line : source.split("\n", -1)) {
            pending.append(line).append('\n');
            while (!pending.toString().isBlank()) {
                String text = pending.toString();
                var info = session.analysis().analyzeCompletion(text);
                if (info.completeness() == jdk.jshell.SourceCodeAnalysis.Completeness.EMPTY) {
                    pendingLine += newlines(text, text.length());
                    pending.setLength(0);
                    break;
                }
                if (!info.completeness().isComplete()) {
                    break;                  /* read more lines */
                }
                String snippet = info.source();
                int snippetLine = pendingLine + newlines(text, startOf(text, snippet));
                pendingLine += newlines(text, text.length() - info.remaining().length());
                pending.setLength(0);
                pending.append(info.remaining());
                out.println("oolong> " + snippet.strip().replace("\n", "\n     > "));
                log.typed(snippet);
                int status = evaluate(snippet, snippet, snippetLine, name, checksBefore, false);
                if (status != OK) {
                    return status;
                }
            }
        }
        if (!pending.toString().isBlank()) {
            return fail(name, pendingLine, pending.toString(), "incomplete snippet at the end (a missing ';' or bracket?)");
        }
        return OK;
    }

    /** Where the snippet's text starts in the text it came from (JShell hands back the text it took). */
    private static int startOf(String text, String snippet) {
        int at = text.indexOf(snippet);
        return at >= 0 ? at : Math.max(0, text.indexOf(snippet.strip()));
    }

    private static int newlines(String text, int end) {
        int n = 0;
        for (int i = 0; i < end && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    /**
     * Evaluates what an input stands for, whose first character is on the file's line `line`;
     * logs the input once it has worked (for /save).
     */
    private int evaluate(String input, String snippet, int line, String name, int checksBefore, boolean fromCommand) {
        List<JShellSession.Outcome> outcomes = session.eval(snippet);
        out.print(session.drainOutput());
        for (String n : notices.get()) {
            out.println("# " + n.replace("\n", "\n# "));
        }
        for (JShellSession.Outcome o : outcomes) {
            switch (o.kind()) {
                case VALUE -> {
                    String shown = Feedback.value(o, fromCommand);
                    if (shown != null) {
                        out.println(shown);
                    }
                }
                case DECLARED -> out.println("| " + o.message());
                case REJECTED, EXCEPTION -> {
                    int status = fail(name, line + newlines(snippet, startOf(snippet, o.source())), o.source(),
                            o.message());
                    /* a failed expectation (Oolong.expect) is a failed check, not a broken script */
                    return failedChecks.getAsInt() > checksBefore ? CHECK_FAILED : status;
                }
                default -> { }
            }
        }
        log.worked(input, outcomes);
        if (failedChecks.getAsInt() > checksBefore) {
            out.println("# " + name + ": a kernel check failed (see above)");
            return CHECK_FAILED;
        }
        return OK;
    }

    /**
     * Reports a failure in lines of the file. `line` is the file's line of the snippet's first
     * character (blank lines before its text included, as JShell counts them): the report names
     * the line where its text starts, and JShell's "error (line N)" becomes the file's line too.
     */
    private int fail(String name, int line, String snippet, String why) {
        Matcher m = SNIPPET_LINE.matcher(why);
        StringBuilder text = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(text, "error (line " + (line + Integer.parseInt(m.group(1)) - 1) + ")");
        }
        m.appendTail(text);
        int start = 0;
        while (start < snippet.length() && Character.isWhitespace(snippet.charAt(start))) {
            start++;
        }
        out.println("# " + name + " line " + (line + newlines(snippet, start)) + ": FAILED at: "
                + snippet.strip().replace("\n", "\n#   "));
        out.println("#   " + text.toString().replace("\n", "\n#   "));
        return SNIPPET_FAILED;
    }

    private static final Pattern SNIPPET_LINE = Pattern.compile("error \\(line (\\d+)\\)");
}
