package oolong.repl.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
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

        /** Something to show before each prompt (pushed kernel events, a dead machine), or null. */
        String pendingNotice();

        /** Registers a callback for a notice that should be shown at once, even while the user types. */
        default void onNotice(Runnable wake) {
        }
    }

    private final JShellSession session;
    private final Terminal terminal;
    private final Host host;
    private final Path historyFile;
    private final ConsoleInterrupts interrupts;

    public InteractiveConsole(JShellSession session, Terminal terminal, Host host, Path historyFile) {
        this.session = session;
        this.terminal = terminal;
        this.host = host;
        this.historyFile = historyFile;
        this.interrupts = ConsoleInterrupts.install(terminal, session);
    }

    public void run() {
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("oolong")
                .parser(new SnippetParser())
                .completer(new SnippetCompleter())
                .variable(LineReader.HISTORY_FILE, historyFile)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "     > ")
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.INSERT_TAB, false)
                .build();
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
        String source = input;
        if (ReplCommands.isCommand(input)) {
            ReplCommands.Translation t = ReplCommands.translate(input);
            switch (t.action()) {
                case EXIT:
                    return false;
                case REBOOT:
                    terminal.writer().println(host.reboot());
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
        String snippet = source;
        for (JShellSession.Outcome o : interrupts.whileRunning(() -> session.eval(snippet))) {
            print(o);
        }
        if (interrupts.interrupted()) {
            terminal.writer().println();      /* after the terminal's echo of ^C */
            terminal.writer().println(red(ConsoleInterrupts.INTERRUPTED));
        }
        String extra = session.drainOutput();
        if (!extra.isEmpty()) {
            terminal.writer().print(extra);
        }
        terminal.flush();
        return true;
    }

    private void print(JShellSession.Outcome o) {
        switch (o.kind()) {
            case VALUE -> terminal.writer().println(o.value());
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
            return words.parse(line, cursor, context);
        }
    }

    /** Completion from JShell (facade methods included) and the REPL's commands. */
    private final class SnippetCompleter implements Completer {
        @Override
        public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
            String buffer = line.line();
            int cursor = line.cursor();
            if (buffer.stripLeading().startsWith("/")) {
                for (String c : new String[] {"/ps", "/proc", "/kill", "/filicide", "/handles", "/pages", "/stats",
                        "/check", "/events", "/reboot", "/help", "/exit"}) {
                    candidates.add(new Candidate(c));
                }
                return;
            }
            int[] anchor = new int[1];
            List<SourceCodeAnalysis.Suggestion> suggestions = session.analysis().completionSuggestions(buffer, cursor, anchor);
            String prefix = buffer.substring(0, anchor[0]);
            for (SourceCodeAnalysis.Suggestion s : suggestions) {
                /* JLine completes the current word; JShell's anchor may start inside it */
                String whole = prefix.substring(Math.max(0, Math.min(prefix.length(), cursor - line.wordCursor())));
                candidates.add(new Candidate(whole + s.continuation(), s.continuation(), null, null, null, null, false));
            }
        }
    }
}
