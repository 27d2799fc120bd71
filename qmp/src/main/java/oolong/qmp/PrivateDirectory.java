package oolong.qmp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A private temporary directory (mode 0700) that records its owner: the pid and start time of
 * the JVM that made it, in a file named {@value #OWNER_FILE}. A directory whose owner is dead is
 * stale, and the next start sweeps it ({@link #sweep}). The start time tells a live owner from a
 * later process that got the same pid. Directories without a record (made by older versions, or
 * being created right now) are left alone: only an owner known to be dead makes one stale.
 */
public final class PrivateDirectory {
    public static final String OWNER_FILE = "owner";

    private PrivateDirectory() {
    }

    /** Creates tmpdir/prefixNNN (0700) owned by this JVM. */
    public static Path create(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.writeString(dir.resolve(OWNER_FILE), record(ProcessHandle.current()));
        return dir;
    }

    /** "pid 1234 started 1700000000123": the pid and the start time in epoch milliseconds (0 when unknown). */
    static String record(ProcessHandle owner) {
        long started = owner.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return "pid " + owner.pid() + " started " + started + "\n";
    }

    /** Whether the process a record names has ended (a record that cannot be read names nobody dead). */
    static boolean ownerDead(String record) {
        String[] w = record.trim().split("\\s+");
        if (w.length != 4 || !w[0].equals("pid") || !w[2].equals("started")) {
            return false;
        }
        long pid;
        long started;
        try {
            pid = Long.parseLong(w[1]);
            started = Long.parseLong(w[3]);
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (h.isEmpty()) {
            return true;
        }
        Optional<Instant> now = h.get().info().startInstant();
        /* same pid, other start time (1 s for the clock-tick rounding): the pid was reused */
        return started != 0 && now.isPresent() && Math.abs(now.get().toEpochMilli() - started) > 1000;
    }

    /** The directory's owner record, if it has one. */
    static Optional<String> ownerRecord(Path dir) {
        try {
            Path f = dir.resolve(OWNER_FILE);
            return Files.isRegularFile(f) ? Optional.of(Files.readString(f)) : Optional.empty();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** The pid the directory's record names, if any. */
    public static Optional<Long> ownerPid(Path dir) {
        return ownerRecord(dir).map(r -> r.trim().split("\\s+")).filter(w -> w.length >= 2).flatMap(w -> {
            try {
                return Optional.of(Long.parseLong(w[1]));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** Removes every tmpdir/prefix* directory whose owner is dead; returns those removed. */
    public static List<Path> sweep(String prefix) {
        return sweep(Path.of(System.getProperty("java.io.tmpdir")), prefix);
    }

    static List<Path> sweep(Path tmp, String prefix) {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, prefix + "*")) {
            for (Path d : dirs) {
                if (Files.isDirectory(d) && !Files.isSymbolicLink(d)
                        && ownerRecord(d).map(PrivateDirectory::ownerDead).orElse(false)) {
                    deleteTree(d);
                    if (!Files.exists(d)) {
                        removed.add(d);
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            /* a sweep is a courtesy: never fail a start for it */
        }
        return removed;
    }

    /** Deletes a directory tree, as far as it can (another process may be deleting it too). */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(walk.toList());
            Collections.reverse(all);
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            /* leave it; nothing else to do */
        }
    }
}
