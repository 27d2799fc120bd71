package oolong.repl.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import jdk.jshell.SourceCodeAnalysis;
import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion for the console. Slash commands and their arguments come from the one command
 * table ({@link ReplCommands}); inside a string literal, the words that fit the parameter it is
 * for (a program for {@code k.spawn("}, a built-in policy for {@code use("}, a fault point for
 * {@code prepare("}), recognised by the parameter's name in the method's signature; everywhere
 * else, JShell's own suggestions (which know the facades' methods).
 */
final class ReplCompleter implements Completer {
    /** Parameter names of the facades whose string arguments Tab can complete, and their sources. */
    private static final Map<String, java.util.function.Function<CompletionSources, List<String>>> STRING_PARAMETERS =
            Map.of("program", CompletionSources::programs,
                    "builtIn", CompletionSources::policies,
                    "point", CompletionSources::faultPoints,
                    "hook", CompletionSources::hooks);

    private final JShellSession session;
    private final Supplier<CompletionSources> sources;
    private final Completers.FileNameCompleter files = new Completers.FileNameCompleter();

    ReplCompleter(JShellSession session, Supplier<CompletionSources> sources) {
        this.session = session;
        this.sources = sources;
    }

    @Override
    public void complete(LineReader reader, ParsedLine parsed, List<Candidate> candidates) {
        CompletionLine line = parsed instanceof CompletionLine c ? c : new CompletionLine(parsed.line(), parsed.cursor());
        String buffer = line.line();
        int cursor = line.cursor();
        int quote = CompletionLine.openStringStart(buffer, cursor);
        if (quote >= 0) {
            strings(buffer, quote, line.word(), candidates);
        } else if (ReplCommands.isCommand(buffer)) {
            command(reader, line, candidates);
        } else {
            java(buffer, cursor, line, candidates);
        }
    }

    /** What fits inside the string literal: the lists named by the parameter it is for. */
    private void strings(String buffer, int quote, String typed, List<Candidate> candidates) {
        SignatureHelp help = new SignatureHelp(session.analysis());
        List<String> words = new ArrayList<>();
        for (String parameter : help.parameterNames(buffer, quote)) {
            var source = STRING_PARAMETERS.get(parameter);
            if (source != null) {
                for (String w : safely(() -> source.apply(sources.get()), List.<String>of())) {
                    if (!words.contains(w)) {
                        words.add(w);
                    }
                }
            }
        }
        for (String w : words) {
            if (w.startsWith(typed)) {
                /* the closing quote goes in too; no space after it */
                candidates.add(new Candidate(w + "\"", w, null, null, null, null, false));
            }
        }
    }

    /** A command name, or an argument of the kind the table names (PID, FILE, COMMAND). */
    private void command(LineReader reader, CompletionLine line, List<Candidate> candidates) {
        String before = line.line().substring(0, line.cursor()).stripLeading();
        String[] words = before.split("\\s+", -1);
        if (words.length == 1) {
            for (ReplCommands.Command c : ReplCommands.all()) {
                for (String s : c.spellings()) {
                    if (s.startsWith(words[0])) {
                        candidates.add(new Candidate(s, s, null, c.summary(), null, null, true));
                    }
                }
            }
            return;
        }
        ReplCommands.Command c = ReplCommands.find(words[0]).orElse(null);
        if (c == null || words.length - 2 >= c.argumentNames().size()) {
            return;
        }
        String kind = c.argumentNames().get(words.length - 2);
        String typed = words[words.length - 1];
        switch (kind) {
            case "PID" -> pids(typed, candidates);
            case "COMMAND" -> {
                for (ReplCommands.Command other : ReplCommands.all()) {
                    if (other.name().startsWith(typed)) {
                        candidates.add(new Candidate(other.name(), other.name(), null, other.summary(), null, null, true));
                    }
                }
            }
            case "FILE" -> files.complete(reader, line, candidates);
            default -> { }
        }
    }

    /**
     * JShell's suggestions, made to replace the word JLine completes; for an argument the
     * facades name {@code pid} ({@code k.kill(}, {@code k.proc(1}), the live pids instead, as
     * the slash commands offer them.
     */
    private void java(String buffer, int cursor, CompletionLine line, List<Candidate> candidates) {
        String typed = line.word();
        if (typed.chars().allMatch(Character::isDigit)
                && new SignatureHelp(session.analysis()).parameterNames(buffer, line.start()).contains("pid")) {
            pids(typed, candidates);
            return;
        }
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions;
        try {
            suggestions = session.analysis().completionSuggestions(buffer, cursor, anchor);
        } catch (RuntimeException e) {
            return;
        }
        int start = line.start();
        for (SourceCodeAnalysis.Suggestion s : suggestions) {
            String value = anchor[0] >= start ? buffer.substring(start, anchor[0]) + s.continuation()
                    : s.continuation().substring(Math.min(s.continuation().length(), start - anchor[0]));
            candidates.add(new Candidate(value, s.continuation(), null, null, null, null, false));
        }
    }

    /** The live pids starting with what is typed, each described by its program. */
    private void pids(String typed, List<Candidate> candidates) {
        for (Map.Entry<Integer, String> p : safely(() -> sources.get().processes(), Map.<Integer, String>of()).entrySet()) {
            String pid = String.valueOf(p.getKey());
            if (pid.startsWith(typed)) {
                candidates.add(new Candidate(pid, pid, null, p.getValue(), null, null, true));
            }
        }
    }

    /** A source that fails (no machine, a panic, a kernel that does not answer) offers nothing. */
    private static <T> T safely(Supplier<T> s, T none) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            return none;
        }
    }
}
