package oolong.repl.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * /reload and --watch in the interactive console, on a real terminal (tmux): /reload typed at the
 * prompt replays a spawn and shows what it replayed; a save under the watched checkout's kernel/
 * reloads by itself, printed above the prompt while a half-typed line stays where it was. The
 * REPL runs as scripts/oolong starts it, with --watch on a scratch checkout and no build command
 * (as with --no-build: the reload boots the images as they are). Three boots in all.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReloadConsoleIT {
    static Tmux tmux;
    static Path dir;
    static Path checkout;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("oolong-reload-it");
        checkout = Files.createDirectories(dir.resolve("checkout"));
        Files.createDirectories(checkout.resolve("kernel/os/src/main/java/oolong/kernel"));
        String java = ProcessHandle.current().info().command().orElse("java");
        String images = System.getProperty("oolong.images", "../boot/target/images");
        String command = "cd " + ConsoleIT.quote(dir.toString()) + " && LANG=C.UTF-8 timeout --foreground 900 "
                + ConsoleIT.quote(java) + " -Duser.home=" + ConsoleIT.quote(dir.toString())
                + " -cp " + ConsoleIT.quote(System.getProperty("java.class.path")) + " oolong.repl.Main --images "
                + ConsoleIT.quote(Path.of(images).toAbsolutePath().toString()) + " --watch "
                + ConsoleIT.quote(checkout.toString()) + "; echo \"[repl exited $?]\"; sleep 120";
        tmux = Tmux.start(dir, command, 120, 40);
        ConsoleIT.tmux = tmux;
        tmux.await(s -> ConsoleIT.lastLine(s).equals("oolong>"), 240, "the first prompt");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (tmux != null) {
                tmux.exitRepl();
            }
        } finally {
            ConsoleIT.tmux = null;
            if (tmux != null) {
                tmux.close();
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void reloadAtThePromptReplaysTheSpawn() throws Exception {
        /* waits until the kernel has n processes (the tree's children come a moment after its spawn) */
        ConsoleIT.enter("int settled(int n) throws Exception { for (int i = 0; i < 400 && k.ps().size() != n; i++) Thread.sleep(50); return k.ps().size(); }");
        ConsoleIT.enter("int t = k.spawn(\"tree\", \"1\", \"2\");");
        ConsoleIT.enter("settled(4)");
        String s = ConsoleIT.enter("/reload");
        String all = tmux.history();
        assertTrue(all.contains("reload: replaying 1 snippet (1 spawn):"), all);
        assertTrue(all.contains("  ok      int t = k.spawn(\"tree\", \"1\", \"2\");   [spawn]"), all);
        assertTrue(all.matches("(?s).*reload: done in [0-9.]+ s .*; 1 of 1 replayed.*"), all);
        ConsoleIT.enter("settled(4)");
        s = ConsoleIT.enter("k.ps().children(t).size()");
        assertTrue(s.contains("==> 2"), "the tree's root has its two children again: " + s);
    }

    @Test
    @Order(2)
    void aSaveReloadsAboveTheLineBeingTyped() throws Exception {
        tmux.press("C-l");
        tmux.type("settled(4)");
        Files.writeString(checkout.resolve("kernel/os/src/main/java/oolong/kernel/Edited.java"), "class Edited {}\n");
        String s = tmux.await(st -> st.contains("reload: done in"), 120, "the reload after the save");
        assertTrue(s.contains("sources changed: reloading (--watch)"), s);
        assertTrue(s.contains("  ok      int t = k.spawn(\"tree\", \"1\", \"2\");   [spawn]"), s);
        assertTrue(ConsoleIT.lastLine(s).equals("oolong> settled(4)"), "the half-typed line stays: " + s);
        tmux.press("Enter");
        s = tmux.await(st -> st.matches("(?s).*\\$\\d+ ==> 4\\s+oolong>\\s*"), 60, "init and the tree of three");
    }
}
