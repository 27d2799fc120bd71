package oolong.repl.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reload's order of steps and its report, with a real build command and a replay that
 * records what it ran (the machine's side is ReloadIT's).
 */
class ReloaderTest {
    private final StateLog log = new StateLog();
    private final List<String> steps = new ArrayList<>();
    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);
    private int generation = 1;

    private void ran(String source, String op) {
        log.begin(generation);
        log.request(op, Map.of());
        log.end(source, false, generation);
    }

    private Reloader reloader(String buildCommand) {
        Rebuild rebuild = new Rebuild(buildCommand);
        return new Reloader(log, new Reloader.Steps() {
            @Override
            public boolean build(PrintStream o) {
                steps.add("build");
                return rebuild.run(o);
            }

            @Override
            public String reboot() {
                steps.add("reboot");
                generation++;
                return "rebooted";
            }

            @Override
            public String replay(String source) {
                steps.add("replay " + source);
                /* the replayed snippet builds its state again, and is logged again */
                ran(source, "spawn");
                return source.contains("nosuch") ? "ENOENT: no program nosuch" : null;
            }
        });
    }

    @Test
    void buildsRebootsThenReplaysInOrderAndReportsFailures() {
        ran("int t = k.spawn(\"tree\", \"2\", \"2\");", "spawn");
        ran("k.spawn(\"nosuch\")", "spawn");
        ran("k.kill(t)", "kill");
        Reloader.Report r = reloader("echo '[oolong-build] kernel up to date'").reload(out);
        assertEquals(List.of("build", "reboot", "replay int t = k.spawn(\"tree\", \"2\", \"2\");",
                "replay k.spawn(\"nosuch\")", "replay k.kill(t)"), steps);
        assertTrue(r.built() && r.booted());
        assertEquals(1, r.failures());
        assertFalse(r.ok());
        String shown = text.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("[oolong-build] kernel up to date"), shown);
        assertTrue(shown.contains("reload: replaying 3 snippets (2 spawn, 1 kill):"), shown);
        assertTrue(shown.contains("  ok      int t = k.spawn(\"tree\", \"2\", \"2\");   [spawn]"), shown);
        assertTrue(shown.contains("  FAILED  k.spawn(\"nosuch\")   [spawn]\n          ENOENT: no program nosuch"), shown);
        assertTrue(shown.matches("(?s).*reload: done in [0-9.]+ s \\(build [0-9.]+ s, boot [0-9.]+ s, replay [0-9.]+ s\\);"
                + " 2 of 3 replayed, 1 failed \\(above\\)\n"), shown);
        /* what was replayed is the log of the new machine: a second reload replays it again */
        assertEquals(3, log.entries().size());
    }

    @Test
    void aFailedBuildLeavesTheMachineAndTheLogAlone() {
        ran("k.spawn(\"spin\")", "spawn");
        Reloader.Report r = reloader("echo 'kernel/Foo.java:3: error: ; expected'; exit 1").reload(out);
        assertEquals(List.of("build"), steps);
        assertFalse(r.built());
        assertEquals(1, log.entries().size());
        String shown = text.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("kernel/Foo.java:3: error: ; expected"), shown);
        assertTrue(shown.contains("reload: the build failed (above); the machine and the session are as they were"), shown);
    }

    @Test
    void withoutABuildCommandItBootsTheImagesAsTheyAre() {
        Reloader.Report r = reloader(null).reload(out);
        assertTrue(r.ok());
        assertEquals(List.of("build", "reboot"), steps);
        String shown = text.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("no build step"), shown);
        assertTrue(shown.contains("nothing to replay"), shown);
    }

    @Test
    void aMultiLineSnippetIsShownByItsFirstLine() {
        String line = Reloader.line(new StateLog.Entry("for (int i = 0; i < 3; i++) {\n  k.spawn(\"spin\");\n}",
                List.of("spawn")), null);
        assertEquals("  ok      for (int i = 0; i < 3; i++) { ...   [spawn]", line);
    }
}
