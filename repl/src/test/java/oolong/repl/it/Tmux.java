package oolong.repl.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real terminal for the console tests: a tmux server of its own (its own socket, in the test's
 * directory, so nobody else's tmux is touched and nothing is left behind), one window of a fixed
 * size running a command, keys sent as a user types them and the screen read back as the user
 * sees it (capture-pane).
 */
final class Tmux implements AutoCloseable {
    private final java.nio.file.Path socket;

    private Tmux(java.nio.file.Path socket) {
        this.socket = socket;
    }

    /** Starts a server (its socket in dir) with one window running the command (sh -c), width x height. */
    static Tmux start(java.nio.file.Path dir, String command, int width, int height) throws IOException, InterruptedException {
        Tmux t = new Tmux(dir.resolve("tmux.sock"));
        t.run("new-session", "-d", "-x", String.valueOf(width), "-y", String.valueOf(height), "sh", "-c", command);
        return t;
    }

    /** Types text as it is (tmux's -l); a trailing ';' is escaped, which tmux would take as a separator. */
    void type(String text) throws IOException, InterruptedException {
        if (text.endsWith(";")) {
            run("send-keys", "-t", "0", "-l", text.substring(0, text.length() - 1) + "\\;");
        } else {
            run("send-keys", "-t", "0", "-l", text);
        }
    }

    /** Presses keys by tmux's names: Enter, Tab, Space, q, BSpace, C-u... */
    void press(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "0"));
        args.addAll(List.of(keys));
        run(args.toArray(String[]::new));
    }

    /** The screen as it shows now (the visible lines). */
    String screen() throws IOException, InterruptedException {
        return run("capture-pane", "-p", "-t", "0");
    }

    /** The whole window, scrolled-off lines included. */
    String history() throws IOException, InterruptedException {
        return run("capture-pane", "-p", "-t", "0", "-S", "-");
    }

    /** Waits until the screen satisfies the condition; fails with the screen after the timeout. */
    String await(Predicate<String> condition, long seconds, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String s = screen();
        while (!condition.test(s)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; the screen:\n" + s);
            }
            Thread.sleep(100);
            s = screen();
        }
        return s;
    }

    /** Whether the window's command is still running. */
    boolean alive() {
        try {
            return run("list-panes", "-t", "0", "-F", "#{pane_dead}").strip().equals("0");
        } catch (IOException | InterruptedException | RuntimeException e) {
            return false;
        }
    }

    private String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("tmux " + String.join(" ", args) + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException("tmux " + String.join(" ", args) + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }

    /**
     * Clears the line, types /exit and waits for the REPL's shell wrapper to print its exit status 0
     * (the REPL has left and stopped its machine).
     */
    void exitRepl() throws IOException, InterruptedException {
        press("C-u");
        type("/exit");
        press("Enter");
        await(s -> s.contains("[repl exited 0]"), 60, "the REPL to leave and stop its machine");
    }

    /** Ends the server and whatever still runs in it. */
    @Override
    public void close() {
        try {
            run("kill-server");
        } catch (IOException | InterruptedException e) {
            /* already gone */
        }
        try {
            java.nio.file.Files.deleteIfExists(socket);
        } catch (IOException e) {
            /* the test's directory goes anyway */
        }
    }
}
