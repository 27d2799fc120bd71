package oolong.repl.reload;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code scripts/oolong --watch}: watches the kernel's and the user programs' sources and calls
 * back once a save has settled (no further change for a moment: an editor writes a file in
 * several steps, and a save of several files is one change). Build output directories
 * ({@code target}) and hidden files (editors' swap files) are not sources.
 */
public final class SourceWatch implements AutoCloseable {
    /** How long the sources must stay unchanged before the callback runs. */
    static final long SETTLE_MILLIS = 400;

    private final WatchService service;
    private final Thread thread;
    private volatile boolean closed;

    public SourceWatch(List<Path> roots, Runnable onChange) throws IOException {
        service = FileSystems.getDefault().newWatchService();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                register(root);
            }
        }
        thread = new Thread(() -> loop(onChange), "oolong-source-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** The directories of a checkout that hold what the images are built from. */
    public static List<Path> sourcesOf(Path root) {
        return List.of(root.resolve("kernel"), root.resolve("boot/src/main"));
    }

    private void register(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(root) && ignored(dir)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static boolean ignored(Path p) {
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        return name.equals("target") || name.startsWith(".") || name.endsWith("~") || name.startsWith("#");
    }

    private void loop(Runnable onChange) {
        try {
            while (!closed) {
                WatchKey key = service.take();
                boolean changed = drain(key);
                /* settle: keep draining until the sources are quiet */
                while (true) {
                    WatchKey more = service.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS);
                    if (more == null) {
                        break;
                    }
                    changed |= drain(more);
                }
                if (changed && !closed) {
                    onChange.run();
                }
            }
        } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
            /* closed */
        }
    }

    /** Takes a key's events; true when one is about a source (a new directory is watched too). */
    private boolean drain(WatchKey key) {
        boolean changed = false;
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> e : key.pollEvents()) {
            if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                changed = true;
                continue;
            }
            Path p = dir.resolve((Path) e.context());
            if (ignored(p)) {
                continue;
            }
            changed = true;
            if (e.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(p)) {
                try {
                    register(p);
                } catch (IOException ex) {
                    /* gone again */
                }
            }
        }
        key.reset();
        return changed;
    }

    @Override
    public void close() {
        closed = true;
        try {
            service.close();
        } catch (IOException e) {
            /* closing anyway */
        }
        thread.interrupt();
    }
}
