package oolong.repl.reload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The REPL's side of the build server (oolong.boot.server.BuildServer, in the boot module): a
 * process started on the first build, with its standard input a pipe from this JVM, asked to
 * build once per reload. It ends when the REPL closes it or when the pipe breaks (the REPL was
 * killed), so no server outlives its REPL.
 */
final class BuildServerClient implements AutoCloseable {
    static final String DONE = "[oolong-build-server] done ";

    /** How a build went: built, failed (errors shown), or the server cannot build this (use Maven). */
    enum Outcome { OK, FAILED, MAVEN }

    private final String command;
    private Process process;
    private BufferedReader output;
    private OutputStream input;

    BuildServerClient(String command) {
        this.command = command;
    }

    /** Builds through the server, starting it first if it is not running; its lines go to {@code out}. */
    synchronized Outcome build(PrintStream out) {
        try {
            if (process == null || !process.isAlive()) {
                out.println("reload: starting the build server (javac and TeaVM stay loaded between reloads)");
                process = new ProcessBuilder("bash", "-c", "exec " + command).redirectErrorStream(true).start();
                output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                input = process.getOutputStream();
            }
            input.write("build\n".getBytes(StandardCharsets.UTF_8));
            input.flush();
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                if (line.startsWith(DONE)) {
                    String outcome = line.substring(DONE.length());
                    if (outcome.equals("ok")) {
                        return Outcome.OK;
                    }
                    if (outcome.equals("failed")) {
                        return Outcome.FAILED;
                    }
                    out.println("reload: the build server cannot do this build (" + outcome.replaceFirst("^maven: ", "")
                            + "): Maven builds it, and a fresh server the next one");
                    stop();
                    return Outcome.MAVEN;
                }
                out.println(line);
            }
            out.println("reload: the build server ended unexpectedly: Maven builds this time");
        } catch (IOException e) {
            out.println("reload: the build server failed (" + e.getMessage() + "): Maven builds this time");
        }
        stop();
        return Outcome.MAVEN;
    }

    /** Whether a server process is running (for tests). */
    synchronized boolean running() {
        return process != null && process.isAlive();
    }

    private void stop() {
        if (process == null) {
            return;
        }
        try {
            input.close();      /* end of its commands: it exits */
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    @Override
    public synchronized void close() {
        stop();
    }
}
