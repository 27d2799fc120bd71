package oolong.repl.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs a REPL in a process of its own (as {@code scripts/oolong run} does) and waits for it with a
 * bound. Its output goes to a file rather than a pipe, so a chatty REPL never blocks on a full
 * pipe while the test waits. A run that overstays is ended as a user would end it, with SIGTERM,
 * so the REPL's shutdown hook stops its QEMU; only then is it killed outright.
 */
final class BoundedRun {
    /** What the run left: whether it finished in time, its exit status (-1 if not), its output. */
    record Outcome(boolean finished, int exitValue, String output) {
    }

    private BoundedRun() {
    }

    static Outcome run(ProcessBuilder command, Path log, long timeoutSeconds) throws IOException, InterruptedException {
        Process p = command.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        return new Outcome(finished, finished ? p.exitValue() : -1, Files.readString(log, StandardCharsets.UTF_8));
    }
}
