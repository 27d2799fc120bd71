package oolong.repl.shell;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the console keeps its history: {@code ~/.oolong_history}, with {@code ~} taken from
 * {@code $HOME} as the shell takes it. Java's {@code user.home} comes from the password database
 * instead, so {@code HOME=/tmp/x scripts/oolong} would otherwise still write to the real home.
 */
public final class HistoryFile {
    static final String NAME = ".oolong_history";

    private HistoryFile() {
    }

    /** The history file for this process's environment. */
    public static Path current() {
        return of(System.getenv(), System.getProperty("user.home"));
    }

    /** $HOME/.oolong_history when HOME is set and not empty, else userHome's. */
    static Path of(Map<String, String> env, String userHome) {
        String home = env.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : userHome, NAME);
    }
}
