package oolong.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `scripts/oolong run FILE.jsh` end to end: each run boots its own kernel, runs the script and
 * exits 0 when everything passed, 1 when a snippet failed, 2 when a kernel check failed, 3 when
 * there is no machine to run on.
 */
@Timeout(300)
class BatchModeIT {
    @TempDir
    Path dir;

    int run(String script) throws Exception {
        Path file = dir.resolve("s.jsh");
        Files.writeString(file, script);
        String images = System.getProperty("oolong.images", "../boot/target/images");
        return Main.run(new String[] {"--images", images, "run", file.toString()});
    }

    @Test
    void aCleanSessionExitsZero() throws Exception {
        assertEquals(0, run("int t = k.spawn(\"tree\", \"1\", \"2\");\nThread.sleep(500);\nk.filicide(t)\nk.check()\n"));
    }

    @Test
    void aThrowingSnippetExitsOne() throws Exception {
        assertEquals(1, run("k.proc(99999)\nk.check()\n"));
    }

    @Test
    void aFailedExpectationExitsTwo() throws Exception {
        assertEquals(2, run("Oolong.expect(k.ps().size() > 1000, \"a thousand processes\");\n"));
    }

    /** A check failed by a facade (here a leak report against a baseline of no processes) reaches the runner too. */
    @Test
    void aFacadesFailedCheckExitsTwo() throws Exception {
        assertEquals(2, run("var r = k.leakReport(java.util.Map.of(\"processes_live\", 0L));\nint never = 1;\n"));
    }

    @Test
    void noImagesExitsThree() throws Exception {
        Path file = dir.resolve("s.jsh");
        Files.writeString(file, "k.ping()\n");
        assertEquals(3, Main.run(new String[] {"--images", dir.toString(), "run", file.toString()}));
    }
}
