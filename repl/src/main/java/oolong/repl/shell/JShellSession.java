package oolong.repl.shell;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import oolong.repl.snippet.ClassCapture;
import oolong.repl.snippet.SnippetScope;

/**
 * A JShell engine running snippets in this JVM, with the REPL's class path and start-up imports.
 * The front ends (interactive console, batch runner) feed it source text; it reports each
 * snippet's outcome as an {@link Outcome}.
 */
public final class JShellSession implements AutoCloseable {
    private final JShell shell;
    private final CapturingExecution execution;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    /**
     * What happened to one snippet. {@code name} is the variable that holds a value: the one
     * declared, or jshell's {@code $N} for an expression's result (null when there is none);
     * {@code temporary} says it is such a {@code $N}.
     */
    public record Outcome(String source, Kind kind, String value, String message, String name, boolean temporary) {
        public enum Kind { VALUE, DECLARED, NO_VALUE, REJECTED, EXCEPTION }

        public Outcome(String source, Kind kind, String value, String message) {
            this(source, kind, value, message, null, false);
        }

        public boolean failed() {
            return kind == Kind.REJECTED || kind == Kind.EXCEPTION;
        }
    }

    /**
     * Told before and after every snippet runs (console, batch, /open, a replay): the REPL's state
     * log learns from it which snippets built kernel state.
     */
    public interface Observer {
        void before(String snippet);

        void after(String snippet, Outcome outcome);
    }

    private volatile Observer observer;

    /** Sets the observer of every snippet from now on. */
    public void observe(Observer o) {
        observer = o;
    }

    /** True while the start-up snippets run: their ids are s1, s2, ... as in jshell. */
    private boolean startingUp;
    private int startupIds;
    private int userIds;

    /** A session whose snippets are bound to no context (they cannot use {@code Oolong.kernel()}). */
    public JShellSession(List<String> startup) {
        this(startup, null);
    }

    /**
     * A session whose snippets run against a context ({@code oolong.repl.api.SnippetContext}: the
     * objects {@code k}, {@code vm} and the session's failed checks), found by the snippets'
     * static calls through {@link SnippetScope}.
     */
    public JShellSession(List<String> startup, Object context) {
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
        execution = new CapturingExecution(context);
        shell = JShell.builder().executionEngine(execution, Map.of()).out(out).err(out)
                .idGenerator((snippet, n) -> startingUp ? "s" + (++startupIds) : String.valueOf(++userIds)).build();
        shell.addToClasspath(System.getProperty("java.class.path"));
        ClassCapture.setSourceMap(this::snippetLine);
        startingUp = true;
        for (String s : startup) {
            for (Outcome o : eval(s)) {
                if (o.failed()) {
                    throw new IllegalStateException("REPL start-up snippet failed: " + s + ": " + o.message());
                }
            }
        }
        startingUp = false;
    }

    /** A snippet for /list: its id (1, 2, ...) and source. */
    public record Listed(String id, String source) {
    }

    /** The active snippets typed in this session (not the start-up's), in order. */
    public List<Listed> listing() {
        return shell.snippets().filter(s -> shell.status(s).isActive() && !s.id().startsWith("s"))
                .map(s -> new Listed(s.id(), s.source())).toList();
    }

    /** A variable for /vars: type, name, and its value as JShell prints it. */
    public record Variable(String type, String name, String value) {
    }

    /** Every active variable, the $N results of expressions included. */
    public List<Variable> variables() {
        return shell.variables().filter(v -> shell.status(v).isActive()).map(v -> {
            String value;
            try {
                value = shell.varValue(v);
            } catch (RuntimeException e) {
                value = "(no value: " + e.getMessage() + ")";
            }
            return new Variable(v.typeName(), v.name(), value);
        }).toList();
    }

    /** Output snippets printed through JShell's own streams (System.out in snippets goes to the real stdout). */
    public String drainOutput() {
        String s = captured.toString(StandardCharsets.UTF_8);
        captured.reset();
        return s;
    }

    /**
     * The snippet line that a line number in a REPL class's class file stands for. JShell compiles
     * each snippet inside a generated wrapper, so class-file lines count the wrapper's lines too;
     * the wrapper's own position map turns them back into the user's.
     */
    String snippetLine(String binaryName, int classFileLine) {
        for (Snippet s : shell.snippets().collect(Collectors.toList())) {
            if (!(s instanceof jdk.jshell.TypeDeclSnippet t) || !shell.status(s).isActive()) {
                continue;
            }
            SourceCodeAnalysis.SnippetWrapper w = analysis().wrapper(s);
            String outer = w.fullClassName();
            if (!binaryName.equals(outer + "$" + t.name()) && !binaryName.startsWith(outer + "$" + t.name() + "$")) {
                continue;
            }
            String wrapped = w.wrapped();
            int pos = 0;
            for (int line = 1; line < classFileLine && pos >= 0; line++) {
                pos = wrapped.indexOf('\n', pos);
                pos = pos < 0 ? -1 : pos + 1;
            }
            if (pos < 0) {
                return null;
            }
            while (pos < wrapped.length() && (wrapped.charAt(pos) == ' ' || wrapped.charAt(pos) == '\t')) {
                pos++;
            }
            int src = w.wrappedToSourcePosition(pos);
            String source = w.source();
            if (src < 0 || src > source.length()) {
                return null;
            }
            int start = source.lastIndexOf('\n', Math.max(0, src - 1)) + 1;
            if (src == 0) {
                start = 0;
            }
            int end = source.indexOf('\n', src);
            int number = 1;
            for (int i = 0; i < start; i++) {
                if (source.charAt(i) == '\n') {
                    number++;
                }
            }
            return "line " + number + " of " + t.name() + " [" + source.substring(start, end < 0 ? source.length() : end).strip() + "]";
        }
        return null;
    }

    public SourceCodeAnalysis analysis() {
        return shell.sourceCodeAnalysis();
    }

    /** Evaluates source holding one or more complete snippets. */
    public List<Outcome> eval(String source) {
        List<Outcome> outcomes = new ArrayList<>();
        String remaining = source;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis().analyzeCompletion(remaining);
            String snippet = info.source();
            if (snippet == null || snippet.isBlank()) {
                if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                    break;
                }
                outcomes.add(new Outcome(remaining, Outcome.Kind.REJECTED, null, "incomplete input"));
                break;
            }
            Observer o = observer;
            if (o != null) {
                o.before(snippet);
            }
            Outcome outcome = null;
            try {
                outcome = evalOne(snippet);
            } finally {
                if (o != null) {
                    o.after(snippet, outcome != null ? outcome
                            : new Outcome(snippet, Outcome.Kind.EXCEPTION, null, "the REPL failed to run it"));
                }
            }
            outcomes.add(outcome);
            remaining = info.remaining();
            if (outcomes.get(outcomes.size() - 1).failed()) {
                break;
            }
        }
        return outcomes;
    }

    private Outcome evalOne(String snippet) {
        List<SnippetEvent> events = shell.eval(snippet);
        Outcome result = new Outcome(snippet, Outcome.Kind.NO_VALUE, null, null);
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) {
                continue;   /* a dependent snippet's update, not this one */
            }
            Snippet s = e.snippet();
            if (e.exception() != null) {
                return new Outcome(snippet, Outcome.Kind.EXCEPTION, null, describe(e.exception()));
            }
            if (e.status() == Snippet.Status.REJECTED) {
                String diags = shell.diagnostics(s).map(d -> render(snippet, d)).collect(Collectors.joining("\n"));
                return new Outcome(snippet, Outcome.Kind.REJECTED, null, diags.isEmpty() ? "rejected" : diags);
            }
            if (e.status() == Snippet.Status.RECOVERABLE_DEFINED || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                String unresolved = shell.unresolvedDependencies((jdk.jshell.DeclarationSnippet) s)
                        .collect(Collectors.joining(", "));
                return new Outcome(snippet, Outcome.Kind.REJECTED, null, "cannot find " + unresolved);
            }
            if (s.kind() == Snippet.Kind.TYPE_DECL || s.kind() == Snippet.Kind.METHOD) {
                result = new Outcome(snippet, Outcome.Kind.DECLARED, null, describeDeclaration(s));
            } else if (e.value() != null) {
                String name = s instanceof jdk.jshell.VarSnippet v ? v.name()
                        : s instanceof jdk.jshell.ExpressionSnippet x ? x.name() : null;
                boolean temporary = s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
                result = new Outcome(snippet, Outcome.Kind.VALUE, e.value(), null, name, temporary);
            }
        }
        return result;
    }

    private static String describeDeclaration(Snippet s) {
        if (s instanceof jdk.jshell.TypeDeclSnippet t) {
            return "created " + t.subKind().toString().toLowerCase().replace("_subkind", "").replace('_', ' ') + " " + t.name();
        }
        if (s instanceof jdk.jshell.MethodSnippet m) {
            return "created method " + m.name() + "(" + m.parameterTypes() + ")";
        }
        return "";
    }

    private static String render(String source, Diag d) {
        long line = 1;
        for (int i = 0; i < d.getStartPosition() && i < source.length(); i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        return "error (line " + line + "): " + d.getMessage(null);
    }

    private static String describe(Exception e) {
        if (e instanceof EvalException ee) {
            String msg = ee.getMessage();
            return ee.getExceptionClassName() + (msg == null ? "" : ": " + msg);
        }
        if (e instanceof UnresolvedReferenceException ure) {
            return "unresolved reference in " + ure.getSnippet().source();
        }
        return e.toString();
    }

    /** Interrupts the running snippet (Ctrl-C). */
    public void stop() {
        shell.stop();
    }

    @Override
    public void close() {
        shell.close();
        ClassLoader loader = execution.snippetLoader();
        if (loader != null) {
            SnippetScope.unbind(loader);
        }
    }
}
