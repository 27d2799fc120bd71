package oolong.repl.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * The terminal front end: JLine line editing with history, completion from JShell's source
 * analysis, multi-line snippets (a line that JShell finds incomplete continues on the next),
 * and Ctrl-C that stops the running snippet instead of the REPL.
 */
public final class InteractiveConsole {
    /** What the front end asks of the REPL around each line. */
    public interface Host {
        /** Runs a /reboot; returns a message to show. */
        String reboot();

        /**
         * Runs a /reload (rebuild, reboot, replay the state-building snippets), printing as it
         * goes; false when a step failed.
         */
        default boolean reload(java.io.PrintStream out) {
            out.println("/reload is not available here");
            return false;
        }

        /** Something to show before each prompt (pushed kernel events, a dead machine), or null. */
        String pendingNotice();

        /** Where Tab finds programs, policies, fault points and pids (the live kernel). */
        default CompletionSources completions() {
            return CompletionSources.OFFLINE;
        }

        /** Kernel checks failed so far (for scripts run with /open). */
        default int failedChecks() {
            return 0;
        }

        /** Registers a callback for a notice that should be shown at once, even while the user types. */
        default void onNotice(Runnable wake) {
        }
    }

    private final JShellSession session;
    private final Terminal terminal;
    private final Host host;
    private final Path historyFile;
    private final SessionLog log = new SessionLog();
    private final Pager pager;
    private final SessionCommands sessionCommands;
    private final ConsoleInterrupts interrupts;
    /** Held while an input runs, so that a reload started by --watch waits for it (and the reverse). */
    private final Object busy = new Object();
    private volatile LineReader reader;

    public InteractiveConsole(JShellSession session, Terminal terminal, Host host, Path historyFile) {
        this.session = session;
        this.terminal = terminal;
        this.host = host;
        this.historyFile = historyFile;
        this.pager = new Pager(terminal);
        this.sessionCommands = new SessionCommands(session, log, this::open);
        this.interrupts = ConsoleInterrupts.install(terminal, session);
    }

    public void run() {
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("oolong")
                .parser(new SnippetParser())
                .completer(new ReplCompleter(session, host::completions))
                .variable(LineReader.HISTORY_FILE, historyFile)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "     > ")
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.INSERT_TAB, false)
                .build();
        TabKey.install(reader, new SignatureHelp(session.analysis()));
        this.reader = reader;
        /* a notice that cannot wait (the machine ended) is printed above the prompt at once */
        host.onNotice(() -> {
            String n = host.pendingNotice();
            if (n != null) {
                reader.printAbove(n);
            }
        });
        terminal.writer().println("Oolong REPL -- Java snippets on the live kernel. /help for help, /exit to leave.");
        while (true) {
            String notice = host.pendingNotice();
            if (notice != null) {
                terminal.writer().println(notice);
            }
            String input;
            try {
                input = reader.readLine("oolong> ");
            } catch (UserInterruptException e) {
                continue;             /* Ctrl-C while editing: drop the line */
            } catch (EndOfFileException e) {
                break;                /* Ctrl-D */
            }
            if (input.isBlank()) {
                continue;
            }
            if (!handle(input)) {
                break;
            }
        }
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            terminal.writer().println("(could not save history: " + e.getMessage() + ")");
        }
    }

    /** Handles one complete input; returns false to leave. */
    boolean handle(String input) {
        synchronized (busy) {
            return handleNow(input);
        }
    }

    /**
     * A reload that no input asked for ({@code --watch}: a source was saved). It waits for the
     * running input, if any, and prints above the prompt, line by line as the reload goes, so
     * the line being typed stays.
     */
    public void reloadInBackground() {
        synchronized (busy) {
            LineReader r = reader;
            java.io.PrintStream out = r == null
                    ? new java.io.PrintStream(terminal.output(), true, terminal.encoding())
                    : new java.io.PrintStream(new LineSink(r::printAbove), true, terminal.encoding());
            out.println("sources changed: reloading (--watch)");
            host.reload(out);
            out.flush();
        }
    }

    /** Hands what is printed to it on, one line at a time. */
    private final class LineSink extends java.io.OutputStream {
        private final java.util.function.Consumer<String> lines;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        LineSink(java.util.function.Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                lines.accept(line.toString(terminal.encoding()));
                line.reset();
            } else {
                line.write(b);
            }
        }
    }

    private boolean handleNow(String input) {
        String source = input;
        boolean command = ReplCommands.isCommand(input);
        log.typed(input);
        if (command) {
            ReplCommands.Translation t = ReplCommands.translate(input);
            switch (t.action()) {
                case EXIT:
                    return false;
                case REBOOT:
                    terminal.writer().println(host.reboot());
                    log.worked(input);
                    return true;
                case RELOAD:
                    terminal.writer().flush();
                    host.reload(new java.io.PrintStream(terminal.output(), true, terminal.encoding()));
                    return true;
                case SESSION:
                    /* (/open runs a script: Ctrl-C stops its running snippet) */
                    if (interrupts.whileRunning(() -> session(input))) {
                        log.worked(input);
                    }
                    return true;
                case HELP:
                    pager.print(t.text());
                    return true;
                default:
                    break;
            }
            if (t.snippet() == null) {
                terminal.writer().println(t.text());
                return true;
            }
            source = t.snippet();
        }
        boolean failed = false;
        String snippet = source;
        List<JShellSession.Outcome> outcomes = interrupts.whileRunning(() -> session.eval(snippet));
        for (JShellSession.Outcome o : outcomes) {
            print(o, command);
            failed |= o.failed();
        }
        if (interrupts.interrupted()) {
            failed = true;
            terminal.writer().println();      /* after the terminal's echo of ^C */
            terminal.writer().println(red(ConsoleInterrupts.INTERRUPTED));
        }
        if (!failed) {
            log.worked(input, outcomes);
        }
        String extra = session.drainOutput();
        if (!extra.isEmpty()) {
            terminal.writer().print(extra);
        }
        terminal.flush();
        return true;
    }

    /** A session command (/list, /vars, /history, /save, /open); its output is paged. */
    private boolean session(String input) {
        if (input.strip().startsWith("/open")) {
            return sessionCommands.run(input, new java.io.PrintStream(terminal.output(), true, terminal.encoding()));
        }
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        boolean ok = sessionCommands.run(input, new java.io.PrintStream(text, true, terminal.encoding()));
        String shown = text.toString(terminal.encoding()).stripTrailing();
        if (!shown.isEmpty()) {
            pager.print(shown);
        }
        return ok;
    }

    /** Runs a script here as batch mode would, echoing each snippet (/open FILE). */
    private int open(Path file) {
        java.io.PrintStream out = new java.io.PrintStream(terminal.output(), true, terminal.encoding());
        try {
            String text = java.nio.file.Files.readString(file);
            return new BatchRunner(session, out, host::failedChecks).notices(() -> {
                String n = host.pendingNotice();
                return n == null ? List.of() : List.of(n.strip());
            }).reboot(host::reboot).reload(host::reload).include(file.getFileName().toString(), text);
        } catch (IOException e) {
            out.println("/open: cannot read " + file + ": " + e.getMessage());
            return BatchRunner.SNIPPET_FAILED;
        }
    }

    private void print(JShellSession.Outcome o, boolean fromCommand) {
        switch (o.kind()) {
            case VALUE -> {
                String shown = Feedback.value(o, fromCommand);
                if (shown != null) {
                    pager.print(shown);
                }
            }
            case DECLARED -> terminal.writer().println(dim("| " + o.message()));
            case REJECTED -> terminal.writer().println(red(o.message()));
            case EXCEPTION -> terminal.writer().println(red("exception: " + o.message()));
            default -> { }
        }
    }

    private String red(String s) {
        return new AttributedString(s, AttributedStyle.DEFAULT.foreground(AttributedStyle.RED)).toAnsi(terminal);
    }

    private String dim(String s) {
        return new AttributedString(s, AttributedStyle.DEFAULT.faint()).toAnsi(terminal);
    }

    /** Accepts a line only when JShell considers the snippet complete (or it is a command). */
    private final class SnippetParser implements Parser {
        private final DefaultParser words = new DefaultParser();

        @Override
        public ParsedLine parse(String line, int cursor, ParseContext context) {
            if (context == ParseContext.ACCEPT_LINE && !line.isBlank() && !ReplCommands.isCommand(line)) {
                SourceCodeAnalysis.CompletionInfo info = session.analysis().analyzeCompletion(line);
                if (info.completeness() == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE
                        || (info.completeness() == SourceCodeAnalysis.Completeness.CONSIDERED_INCOMPLETE
                        && !line.endsWith("\n"))) {
                    throw new EOFError(-1, -1, "incomplete snippet");
                }
            }
            if (context == ParseContext.COMPLETE) {
                return new CompletionLine(line, cursor);
            }
            return words.parse(line, cursor, context);
        }
    }
}
