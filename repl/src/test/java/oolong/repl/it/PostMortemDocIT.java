package oolong.repl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/introspection.md's post-mortem session is what the example scripts print today: it runs
 * scripts/examples/post-mortem.jsh (panic, tree, backtrace, object, dump) and
 * post-mortem-offline.jsh on its dump with scripts/oolong open, and compares their output with
 * the doc's blocks line by line, numbers and addresses aside (pids, times, addresses differ from
 * run to run; the commands, columns, states, frames' methods and fields must not).
 */
@Timeout(600)
class PostMortemDocIT {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String DUMP = "/tmp/oolong-panic.core";

    @TempDir
    Path dir;

    @Test
    void theDocsPostMortemSessionIsWhatTheExampleScriptsPrint() throws Exception {
        String doc = Files.readString(ROOT.resolve("docs/introspection.md"));
        String section = doc.substring(doc.indexOf("## A post-mortem, end to end"), doc.indexOf("## A hung kernel"));
        List<String> blocks = codeBlocks(section);
        assertEquals(5, blocks.size(), "the section's blocks: the session in four, the offline one in the fifth");
        String offlineBlock = blocks.remove(4);

        /* the scripts as the doc runs them, but the dump in a directory of the test's */
        Path dump = dir.resolve("oolong-panic.core");
        Path online = dir.resolve("post-mortem.jsh");
        Path offline = dir.resolve("post-mortem-offline.jsh");
        Files.writeString(online, Files.readString(ROOT.resolve("scripts/examples/post-mortem.jsh")).replace(DUMP, dump.toString()));
        Files.copy(ROOT.resolve("scripts/examples/post-mortem-offline.jsh"), offline);

        String session = run("run", online.toString());
        session = session.substring(session.indexOf("oolong> "), session.indexOf("# post-mortem.jsh: done"));
        compare(String.join("\n", blocks), session.replace(dump.toString(), DUMP));

        String opened = run("open", dump.toString(), offline.toString());
        String done = "# post-mortem-offline.jsh: done";       /* the doc shows the offline run to its end */
        opened = opened.substring(opened.indexOf("[oolong] opened"), opened.indexOf(done) + done.length());
        String expected = offlineBlock.substring(offlineBlock.indexOf('\n') + 1);
        compare(expected, opened.replace(dump.toString(), DUMP).replace(ROOT + "/", "/path/to/oolong/"));
        assertTrue(offlineBlock.startsWith("$ scripts/oolong open " + DUMP + " scripts/examples/post-mortem-offline.jsh"),
                offlineBlock);
    }

    /** scripts/oolong COMMAND ARGS --no-build: the images as the build left them; exit 0 within five minutes. */
    private String run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("scripts/oolong").toString()));
        cmd.addAll(List.of(args));
        cmd.add("--no-build");
        BoundedRun.Outcome r = BoundedRun.run(new ProcessBuilder(cmd).directory(ROOT.toFile()), dir.resolve(args[0] + ".log"), 300);
        assertTrue(r.finished(), String.join(" ", cmd) + " did not finish:\n" + r.output());
        assertEquals(0, r.exitValue(), String.join(" ", cmd) + " failed:\n" + r.output());
        return r.output();
    }

    static List<String> codeBlocks(String markdown) {
        List<String> out = new ArrayList<>();
        int at = 0;
        while (true) {
            int open = markdown.indexOf("```\n", at);
            if (open < 0) {
                return out;
            }
            int close = markdown.indexOf("\n```", open + 4);
            out.add(markdown.substring(open + 4, close));
            at = close + 4;
        }
    }

    /** Numbers, hex digits and runs of blanks made alike, so that what is left must be equal. */
    static List<String> shape(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.replace("\r", "").strip().split("\n")) {
            lines.add(line.replaceAll("0x[0-9a-f]+", "0x#").replaceAll("\\b[0-9a-f]{8,16}\\b", "#")
                    .replaceAll("[0-9]+", "#").replaceAll("[ \t]+", " ").strip());
        }
        return lines;
    }

    /**
     * The backtrace's frames between the agent taking the request ({@code Agent.received}) and the
     * kernel's entry ({@code Fiber.startMain}) depend on how the request arrived, by the console's
     * interrupt or by the kernel loop polling a busy port, which the test does not choose: both
     * sides leave them out. The frames from the panic up to the agent are compared.
     */
    static List<String> withoutArrivalFrames(List<String> lines) {
        List<String> kept = new ArrayList<>();
        boolean skipping = false;
        for (String line : lines) {
            if (skipping && line.contains("org.teavm.runtime.Fiber.startMain")) {
                skipping = false;
            }
            if (!skipping) {
                kept.add(line);
            }
            if (line.contains("oolong.kernel.agent.Agent.received(")) {
                skipping = true;
            }
        }
        return kept;
    }

    static void compare(String doc, String actual) {
        List<String> d = withoutArrivalFrames(shape(doc));
        List<String> a = withoutArrivalFrames(shape(actual));
        for (int i = 0; i < Math.max(d.size(), a.size()); i++) {
            String dl = i < d.size() ? d.get(i) : "(end of the doc's block)";
            String al = i < a.size() ? a.get(i) : "(end of the output)";
            assertEquals(dl, al, "line " + (i + 1) + " of the doc's post-mortem differs from what the script prints now:\n"
                    + actual);
        }
    }
}
