package oolong.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The pictures from a live kernel, through the REPL in batch mode: scripts/examples/pictures.jsh
 * (opened with /open) draws the timeline across three policy swaps and the process tree; both
 * parse as XML, name programs and policies, and rsvg-convert renders them as PNGs. The same run
 * checks that every facade call gives a typed value (k.proc(1).state() compiles) that prints as
 * a view, not as JSON.
 */
@Timeout(300)
class PicturesIT {
    @TempDir
    Path dir;

    @Test
    void picturesAndTypedViewsFromALiveKernel() throws Exception {
        Path script = dir.resolve("pictures-check.jsh");
        Files.writeString(script, String.join("\n",
                "/open ../scripts/examples/pictures.jsh",
                "String state = k.proc(1).state();",
                "long used = k.stats().frames().used();",
                "List<String> builtIns = k.sched().info().builtIns();",
                "/proc 1",
                "/stats",
                ""));
        System.setProperty("oolong.pictures", dir.toString());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = System.out;
        int status;
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            status = Main.run(new String[] {"--images", System.getProperty("oolong.images", "../boot/target/images"), "run",
                script.toString()});
        } finally {
            System.setOut(out);
            System.clearProperty("oolong.pictures");
        }
        String output = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, output);
        assertTrue(output.matches("(?s).*state ==> \"WAITS4(CHILDDEATH|TIMER)\".*"), "init awaits its children, or naps between awaits: " + output);
        assertTrue(output.contains("builtIns ==> [seed, round-robin, priority, lottery, stride]"), output);
        assertTrue(output.contains("process 1 (init)\n  state"), "/proc is a view: " + output);
        assertTrue(output.matches("(?s).*\n  rip +0x[0-9a-f]{16}( <[^>]+>)?\n.*"), "addresses in hex (with their symbol): " + output);
        assertTrue(output.contains("kernel up ") && output.contains("\n  frames "), "/stats is a view: " + output);

        Document timeline = svg(dir.resolve("oolong-timeline.svg"));
        List<String> swaps = texts(timeline, "swap-label");
        assertEquals(List.of("swap to stride", "swap to Stuck", "fallback to stride"), swaps, output);
        assertTrue(texts(timeline, "label").stream().filter(l -> l.matches("pid \\d+ spin")).count() == 3,
                texts(timeline, "label").toString());
        assertTrue(texts(timeline, "tick-label").size() >= 5);
        assertTrue(texts(timeline, "policy").contains("round-robin"), texts(timeline, "policy").toString());

        Document tree = svg(dir.resolve("oolong-ps.svg"));
        NodeList groups = tree.getElementsByTagName("g");
        List<String> states = new ArrayList<>();
        for (int i = 0; i < groups.getLength(); i++) {
            String st = ((Element) groups.item(i)).getAttribute("data-state");
            if (!st.isEmpty()) {
                states.add(st);
            }
        }
        assertTrue(states.contains("TOREAP") && states.contains("WAITS4REQUEST") && states.contains("WAITS4TIMER"),
                states.toString());

        for (String name : List.of("oolong-timeline", "oolong-ps")) {
            Path png = render(dir.resolve(name + ".svg"));
            byte[] b = Files.readAllBytes(png);
            assertEquals("PNG", new String(b, 1, 3, StandardCharsets.US_ASCII), name);
            int width = ByteBuffer.wrap(b, 16, 4).getInt();
            int height = ByteBuffer.wrap(b, 20, 4).getInt();
            assertTrue(width >= 500 && height >= 200, name + ": " + width + " x " + height);
        }
    }

    static Document svg(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    static List<String> texts(Document d, String cls) {
        List<String> out = new ArrayList<>();
        NodeList all = d.getElementsByTagName("text");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.getAttribute("class").equals(cls)) {
                out.add(e.getTextContent());
            }
        }
        return out;
    }

    /** rsvg-convert (Debian's librsvg2-bin), as a user would turn a picture into a slide. */
    static Path render(Path svg) throws Exception {
        Path png = svg.resolveSibling(svg.getFileName().toString().replace(".svg", ".png"));
        Process p = new ProcessBuilder("rsvg-convert", "-o", png.toString(), svg.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "rsvg-convert did not finish");
        String err = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "rsvg-convert (apt-get install librsvg2-bin): " + err);
        return png;
    }
}
