package oolong.repl.shell;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * jshell's session commands, for both front ends: {@code /list} (the active snippets with their
 * ids), {@code /vars} (variables with types and values, the {@code $N} results included),
 * {@code /history} (what was typed), {@code /save FILE} (the session as a script that
 * {@code scripts/oolong run FILE} replays) and {@code /open FILE} (run a script here).
 */
public final class SessionCommands {
    private final JShellSession session;
    private final SessionLog log;
    private final Function<Path, Integer> opener;

    /** opener: runs a script file in this session (as batch mode does) and returns its status. */
    public SessionCommands(JShellSession session, SessionLog log, Function<Path, Integer> opener) {
        this.session = session;
        this.log = log;
        this.opener = opener;
    }

    /**
     * Runs one session command line; prints to out. Returns false when it failed (a file that
     * cannot be read or written, a script that failed).
     */
    public boolean run(String line, PrintStream out) {
        String stripped = line.strip().substring(1);
        String name = stripped.split("\\s+")[0];
        String argument = stripped.substring(name.length()).strip();
        switch (name) {
            case "list" -> list(out);
            case "vars" -> vars(out);
            case "history" -> log.history().forEach(out::println);
            case "save" -> {
                return save(argument, out);
            }
            case "open" -> {
                return open(argument, out);
            }
            default -> {
                out.println("not a session command: /" + name);
                return false;
            }
        }
        return true;
    }

    private void list(PrintStream out) {
        List<JShellSession.Listed> snippets = session.listing();
        if (snippets.isEmpty()) {
            out.println("no snippets yet");
        }
        for (JShellSession.Listed s : snippets) {
            String[] lines = s.source().strip().split("\n");
            out.printf("%4s : %s%n", s.id(), lines[0]);
            for (int i = 1; i < lines.length; i++) {
                out.printf("%4s   %s%n", "", lines[i]);
            }
        }
    }

    private void vars(PrintStream out) {
        List<JShellSession.Variable> vars = session.variables();
        if (vars.isEmpty()) {
            out.println("no variables yet (k and vm are the start-up's)");
        }
        for (JShellSession.Variable v : vars) {
            String value = v.value().replace("\n", " ");
            out.println(v.type() + " " + v.name() + " = " + (value.length() > 100 ? value.substring(0, 97) + "..." : value));
        }
    }

    private boolean save(String file, PrintStream out) {
        Path path = Path.of(file);
        try {
            Files.writeString(path, log.script(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            out.println("/save: cannot write " + file + ": " + e.getMessage());
            return false;
        }
        long lines = log.script().lines().count();
        out.println("saved " + lines + " line" + (lines == 1 ? "" : "s") + " to " + path
                + "; replay with: scripts/oolong run " + path);
        return true;
    }

    private boolean open(String file, PrintStream out) {
        Path path = Path.of(file);
        if (!Files.isReadable(path)) {
            out.println("/open: cannot read " + file);
            return false;
        }
        return opener.apply(path) == BatchRunner.OK;
    }
}
