package oolong.repl.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --watch's trigger, on the real file system: a save calls back once; build output does not. */
class SourceWatchTest {
    @TempDir
    Path root;

    @Test
    void aSaveCallsBackOnceAndBuildOutputDoesNot() throws Exception {
        Path src = Files.createDirectories(root.resolve("kernel/os/src/main/java/oolong"));
        Path target = Files.createDirectories(root.resolve("kernel/os/target/classes"));
        Files.writeString(src.resolve("Kernel.java"), "class Kernel {}");
        Semaphore calls = new Semaphore(0);
        try (SourceWatch w = new SourceWatch(SourceWatch.sourcesOf(root), calls::release)) {
            Files.writeString(target.resolve("Kernel.class"), "not a source");
            Files.writeString(src.resolve(".Kernel.java.swp"), "an editor's swap file");
            assertEquals(false, calls.tryAcquire(2 * SourceWatch.SETTLE_MILLIS + 500, TimeUnit.MILLISECONDS),
                    "build output and hidden files are not sources");

            /* a save in several writes (as editors do) is one change */
            Files.writeString(src.resolve("Kernel.java"), "class Kernel { int x; }");
            Files.writeString(src.resolve("Kernel.java"), "class Kernel { int x = 1; }");
            assertTrue(calls.tryAcquire(30, TimeUnit.SECONDS), "no call back after a save");
            assertEquals(false, calls.tryAcquire(2 * SourceWatch.SETTLE_MILLIS + 500, TimeUnit.MILLISECONDS),
                    "one save, one call back");

            /* a new package directory is watched too */
            Path pkg = Files.createDirectories(src.resolve("sched"));
            calls.tryAcquire(2 * SourceWatch.SETTLE_MILLIS + 2000, TimeUnit.MILLISECONDS);   /* the mkdir itself */
            Files.writeString(pkg.resolve("Policy.java"), "class Policy {}");
            assertTrue(calls.tryAcquire(30, TimeUnit.SECONDS), "no call back for a file in a new directory");
        }
    }

    @Test
    void theSourcesOfACheckoutAreTheKernelsAndTheNativeOnes() {
        assertEquals(List.of(root.resolve("kernel"), root.resolve("boot/src/main")), SourceWatch.sourcesOf(root));
        assertTrue(SourceWatch.ignored(Path.of("kernel/os/target")));
        assertTrue(SourceWatch.ignored(Path.of("a/.#Kernel.java")));
        assertTrue(SourceWatch.ignored(Path.of("a/Kernel.java~")));
        assertEquals(false, SourceWatch.ignored(Path.of("a/Kernel.java")));
    }
}
