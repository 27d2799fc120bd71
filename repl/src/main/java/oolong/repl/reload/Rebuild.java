package oolong.repl.reload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The build a reload runs. scripts/oolong hands the REPL two commands: the build server's
 * ({@code oolong.buildserver}: a JVM that keeps javac and TeaVM warm between reloads, started on
 * the first reload and ended with the REPL, see {@link BuildServerClient}), and Maven's
 * ({@code oolong.rebuild}: {@code scripts/oolong build-images}), run when there is no server or
 * the server cannot do the build (the build's own code changed). Their output is passed on line
 * by line as it runs. Without either (a REPL started by hand, the tests) the reload boots the
 * images as they are and says so.
 */
public final class Rebuild implements AutoCloseable {
    public static final String PROPERTY = "oolong.rebuild";
    public static final String SERVER_PROPERTY = "oolong.buildserver";

    private final String command;
    private final BuildServerClient server;

    public Rebuild(String command) {
        this(command, null);
    }

    public Rebuild(String command, String serverCommand) {
        this.command = command == null || command.isBlank() ? null : command;
        this.server = serverCommand == null || serverCommand.isBlank() ? null : new BuildServerClient(serverCommand);
    }

    /** The build scripts/oolong configured, if any. */
    public static Rebuild configured() {
        return new Rebuild(System.getProperty(PROPERTY), System.getProperty(SERVER_PROPERTY));
    }

    /** Ends the build server, if one runs. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }

    /** Whether a build server runs now (for tests). */
    boolean serverRunning() {
        return server != null && server.running();
    }

    /** Runs the build; true when it succeeded (or there is none). */
    public boolean run(PrintStream out) {
        if (server != null) {
            BuildServerClient.Outcome outcome = server.build(out);
            if (outcome != BuildServerClient.Outcome.MAVEN) {
                return outcome == BuildServerClient.Outcome.OK;
            }
        }
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
