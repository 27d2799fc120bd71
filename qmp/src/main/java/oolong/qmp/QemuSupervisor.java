package oolong.qmp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts QEMU under a small supervising parent (the bash script {@code supervise-qemu.bash} next
 * to this class) in a session of its own:
 *
 * <ul>
 *   <li>the terminal's signals (Ctrl-C in the REPL) never reach QEMU: they go to the terminal's
 *       foreground process group, and QEMU is not even in the terminal's session;</li>
 *   <li>QEMU ends when the JVM dies, even by SIGKILL: the supervisor reads a pipe whose only
 *       writer is this JVM and ends QEMU at end of file, then removes the machine's private
 *       directory and the owner's directories given to it.</li>
 * </ul>
 *
 * The {@link Process} returned is the supervisor; it exits with QEMU's own exit status. A
 * parent-death signal set from the JVM would not do: Linux delivers it when the thread that
 * forked the child ends, and REPL snippets (which may reboot or restore the machine) run on
 * threads that end after each snippet. Why a script and not a second JVM: it starts in
 * milliseconds and needs only bash and util-linux (setsid, setpriv), present on every Debian.
 */
final class QemuSupervisor {
    static final String SCRIPT = "supervise-qemu.bash";
    /** What the JVM writes before closing the pipe when it ends the machine on purpose. */
    static final String CLOSE = "close\n";

    private QemuSupervisor() {
    }

    /** The supervisor's command line around QEMU's: it runs qemu in dir, owning ownerDirs. */
    static List<String> commandLine(List<String> qemu, Path dir, List<Path> ownerDirs) {
        List<String> cmd = new ArrayList<>(List.of("setsid", "bash", "-c", script(), "oolong-qemu", dir.toString(),
                Integer.toString(ownerDirs.size())));
        for (Path p : ownerDirs) {
            cmd.add(p.toString());
        }
        cmd.addAll(qemu);
        return cmd;
    }

    /** Fails with the package to install when a tool the supervisor needs is missing. */
    static void checkTools() throws IOException {
        for (String tool : List.of("bash", "setsid", "setpriv")) {
            if (onPath(tool).isEmpty()) {
                throw new IOException("cannot supervise QEMU: " + tool + " is not installed"
                        + (tool.equals("bash") ? " (sudo apt-get install bash)" : " (sudo apt-get install util-linux)"));
            }
        }
    }

    /** Where an executable is: a path with a '/' as it is, a bare name searched on PATH. */
    static Optional<Path> onPath(String name) {
        if (name.contains("/")) {
            Path p = Path.of(name);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String d : path.split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** QEMU's pid, once the supervisor has written it (the file appears whole, by rename). */
    static Optional<Long> qemuPid(Path dir) {
        Path f = dir.resolve("qemu.pid");
        try {
            return Files.exists(f) ? Optional.of(Long.parseLong(Files.readString(f).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Asks the supervisor to end QEMU (SIGTERM, then SIGKILL after 2 s) and leave the directories to us. */
    static void requestClose(Process supervisor) {
        try (OutputStream pipe = supervisor.getOutputStream()) {
            pipe.write(CLOSE.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            /* the supervisor is gone already: nothing to ask */
        }
    }

    private static String script() {
        try (InputStream in = QemuSupervisor.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SCRIPT + " next to " + QemuSupervisor.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
