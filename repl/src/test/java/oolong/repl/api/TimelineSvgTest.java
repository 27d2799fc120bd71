package oolong.repl.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The pictures, parsed as XML: what a projected slide needs is there. */
class TimelineSvgTest {
    @TempDir
    Path dir;

    static Timeline sample() {
        List<long[]> runs = new ArrayList<>();
        /* 4 s at 100 Hz: two spinners share the CPU, init runs once, idle at the start */
        runs.add(new long[] {1000, 0});
        runs.add(new long[] {1010, 1});
        for (long t = 1012; t < 1400; t += 4) {
            runs.add(new long[] {t, 3});
            runs.add(new long[] {t + 2, 4});
        }
        return new Timeline(runs, 1400, 100, Map.of(1, "init", 3, "spin", 4, "spin"),
                List.of(new PolicySwap(1200, "seed", "stride", "installed"),
                        new PolicySwap(1300, "Stuck", "stride", "watchdog: pid 4 was runnable but not picked for 500 ticks")),
                "seed");
    }

    static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> byClass(Document d, String tag, String cls) {
        List<Element> out = new ArrayList<>();
        NodeList all = d.getElementsByTagName(tag);
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.getAttribute("class").equals(cls)) {
                out.add(e);
            }
        }
        return out;
    }

    static String allText(Document d) {
        StringBuilder sb = new StringBuilder();
        NodeList texts = d.getElementsByTagName("text");
        for (int i = 0; i < texts.getLength(); i++) {
            sb.append(texts.item(i).getTextContent()).append('\n');
        }
        return sb.toString();
    }

    @Test
    void theTimelineHasABackgroundAxisLabelsSwapsAndALegend() throws Exception {
        Path file = sample().svg(dir.resolve("t.svg").toString());     /* a String is accepted */
        Document d = parse(Files.readString(file));
        Element background = byClass(d, "rect", "background").get(0);
        assertEquals("#ffffff", background.getAttribute("fill"), "opaque background");
        assertEquals(d.getDocumentElement().getAttribute("width"), background.getAttribute("width"));

        List<Element> ticks = byClass(d, "line", "tick");
        List<Element> tickLabels = byClass(d, "text", "tick-label");
        assertTrue(ticks.size() >= 5 && ticks.size() <= 21, "an axis with ticks: " + ticks.size());
        assertEquals(ticks.size(), tickLabels.size());
        assertEquals("0 ms", tickLabels.get(0).getTextContent());
        assertTrue(tickLabels.stream().allMatch(t -> t.getTextContent().endsWith(" ms")));
        assertTrue(tickLabels.stream().anyMatch(t -> t.getTextContent().equals("4000 ms")), "4 s span: the last tick");

        List<String> labels = byClass(d, "text", "label").stream().map(Element::getTextContent).toList();
        assertEquals(List.of("idle", "pid 1 init", "pid 3 spin", "pid 4 spin"), labels, "rows named by program");

        List<Element> swaps = byClass(d, "line", "swap");
        assertEquals(2, swaps.size(), "a marker per swap");
        List<String> swapLabels = byClass(d, "text", "swap-label").stream().map(Element::getTextContent).toList();
        assertEquals(List.of("swap to stride", "fallback to stride"), swapLabels);
        double x1 = Double.parseDouble(swaps.get(0).getAttribute("x1"));
        double x2 = Double.parseDouble(swaps.get(1).getAttribute("x1"));
        assertTrue(x1 < x2, "swaps in time order");

        List<String> policies = byClass(d, "text", "policy").stream().map(Element::getTextContent).toList();
        assertEquals(List.of("seed", "stride", "stride"), policies, "which policy ran when");

        String text = allText(d);
        assertTrue(text.contains("pid 3 spin: 194 ticks"), text);
        assertTrue(text.contains("policy swapped in"), "the legend explains the markers: " + text);
        assertTrue(byClass(d, "rect", "run").size() == sample().runs().size(), "a bar per run");
    }

    @Test
    void theTerminalViewNamesProgramsAndMarksSwaps() {
        String s = sample().toString();
        assertTrue(s.contains("pid 3 spin |"), s);
        assertTrue(s.contains(" swaps |"), s);
        assertTrue(s.contains("^ at 2.00 s: seed -> stride"), s);
        assertTrue(s.contains("! at 3.00 s: Stuck thrown out, back to stride"), s);
    }

    @Test
    void theProcessTreePictureColoursStates() throws Exception {
        ProcessTree tree = ViewsTest.tree(2);
        Document d = parse(Files.readString(tree.svg(dir.resolve("ps.svg"))));
        List<Element> processes = byClass(d, "g", "process");
        assertEquals(3, processes.size());
        assertEquals("WAITS4TIMER", processes.get(2).getAttribute("data-state"));
        String fill = ((Element) processes.get(2).getElementsByTagName("rect").item(0)).getAttribute("fill");
        assertEquals(ProcessTreeSvg.colour("WAITS4TIMER"), fill);
        assertTrue(allText(d).contains("3 tree"), allText(d));
        assertEquals(2, byClass(d, "path", "edge").size(), "an edge to each child");
    }
}
