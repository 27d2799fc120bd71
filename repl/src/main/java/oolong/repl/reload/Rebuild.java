package oolong.repl.reload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The build a reload runs: a shell command ({@code scripts/oolong build-images}, which
 * scripts/oolong hands the REPL in the system property {@code oolong.rebuild}), its output passed
 * on line by line as it runs. Without one (a REPL started by hand, the tests) the reload boots the
 * images as they are and says so.
 */
public final class Rebuild {
    public static final String PROPERTY = "oolong.rebuild";

    private final String command;

    public Rebuild(String command) {
        this.command = command == null || command.isBlank() ? null : command;
    }

    /** The build scripts/oolong configured, if any. */
    public static Rebuild configured() {
        return new Rebuild(System.getProperty(PROPERTY));
    }

    /** Runs the build; true when it succeeded (or there is none). */
    public boolean run(PrintStream out) {
        if (command == null) {
            out.println("reload: no build step (the REPL was not started by scripts/oolong): booting the images as they are");
            return true;
        }
        Process p;
        try {
            p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
        } catch (IOException e) {
            out.println("reload: cannot run the build (" + command + "): " + e.getMessage());
            return false;
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.println(line);
            }
            return p.waitFor() == 0;
        } catch (IOException e) {
            out.println("reload: the build's output broke off: " + e.getMessage());
            p.destroy();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            out.println("reload: the build was interrupted");
            return false;
        }
    }
}
