package oolong.repl.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a reload's build talks to the build server: one "build" per reload on the server's standard
 * input, its lines passed on up to its "done" line, Maven when it cannot build, and the server's
 * end with the REPL's. The server here is a shell loop speaking the protocol (the real server's
 * builds are BuildServerIT's, in the boot module); it counts its builds in a file.
 */
class RebuildTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);

    /** A server answering each build with the given outcome, after one progress line. */
    private String server(String outcome) {
        Path count = dir.resolve("builds");
        return "bash -c 'while read c; do echo x >> " + count + "; echo \"[oolong-build] built by the server\"; "
                + "echo \"[oolong-build-server] done " + outcome + "\"; done'";
    }

    private long builds() throws Exception {
        Path count = dir.resolve("builds");
        return Files.exists(count) ? Files.readAllLines(count).size() : 0;
    }

    @Test
    void oneServerBuildsEveryReloadAndEndsWithTheRepl() throws Exception {
        try (Rebuild rebuild = new Rebuild("echo maven ran", server("ok"))) {
            assertTrue(rebuild.run(out));
            assertTrue(rebuild.run(out));
            assertTrue(rebuild.serverRunning());
            rebuild.close();
            assertFalse(rebuild.serverRunning(), "closed with the REPL");
        }
        String shown = text.toString(StandardCharsets.UTF_8);
        assertEquals(2, builds());
        assertEquals(1, shown.split("starting the build server", -1).length - 1, "started once: " + shown);
        assertTrue(shown.contains("[oolong-build] built by the server"), shown);
        assertFalse(shown.contains("maven ran"), shown);
        assertFalse(shown.contains("done ok"), "the protocol's own line is not shown: " + shown);
    }

    @Test
    void aFailedServerBuildFailsTheReloadWithoutMaven() throws Exception {
        try (Rebuild rebuild = new Rebuild("echo maven ran", server("failed"))) {
            assertFalse(rebuild.run(out));
        }
        assertFalse(text.toString(StandardCharsets.UTF_8).contains("maven ran"));
    }

    @Test
    void whenTheServerCannotBuildMavenDoes() throws Exception {
        try (Rebuild rebuild = new Rebuild("echo maven ran", server("maven: the build itself changed"))) {
            assertTrue(rebuild.run(out));
            assertFalse(rebuild.serverRunning(), "that server is done: the next reload starts a fresh one");
        }
        String shown = text.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("the build server cannot do this build (the build itself changed): Maven builds it"), shown);
        assertTrue(shown.contains("maven ran"), shown);
    }

    @Test
    void aServerThatDiesLeavesTheBuildToMaven() throws Exception {
        try (Rebuild rebuild = new Rebuild("echo maven ran", "exit 3")) {
            assertTrue(rebuild.run(out));
        }
        String shown = text.toString(StandardCharsets.UTF_8);
        /* (ended before or after it was asked: the pipe breaks, or its output ends) */
        assertTrue(shown.contains("the build server ended unexpectedly: Maven builds this time")
                || shown.contains("the build server failed ("), shown);
        assertTrue(shown.contains("maven ran"), shown);
    }
}
