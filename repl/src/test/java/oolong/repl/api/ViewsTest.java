package oolong.repl.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The views of the kernel's answers: columns that stay put, hex addresses, readable figures. */
class ViewsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String process(int pid, int ppid, int depth, String program, String state) {
        return String.format("{\"pid\":%d,\"ppid\":%d,\"cid\":1,\"depth\":%d,\"program\":\"%s\",\"state\":\"%s\",\"code\":null,"
                + "\"noreap\":false,\"handles\":2,\"pages\":233,\"cpu_us\":11000}", pid, ppid, depth, program, state);
    }

    /** A tree of init, a child with the given pid, and its child with pid + 1. */
    static ProcessTree tree(int pid) {
        return ProcessTree.from(json("{\"processes\":[" + process(1, 0, 0, "init", "WAITS4CHILDDEATH") + ","
                + process(pid, 1, 1, "tree", "WAITS4CHILDDEATH") + "," + process(pid + 1, pid, 2, "tree", "WAITS4TIMER") + "]}"));
    }

    /** Where each header word starts in the header line. */
    static List<Integer> columnStarts(String header) {
        List<Integer> starts = new ArrayList<>();
        for (String word : new String[] {"STATE", "CODE", "CPU ms", "HND", "PAGES", "PROGRAM"}) {
            starts.add(header.indexOf(word));
        }
        return starts;
    }

    @Test
    void psColumnsStayPutFromOneToFiveDigitPids() {
        String header = null;
        for (int pid : new int[] {2, 123, 12345}) {
            String[] lines = tree(pid).toString(false).split("\n");
            if (header == null) {
                header = lines[0];
            }
            assertEquals(header, lines[0], "the same header whatever the pids");
            int state = header.indexOf("STATE");
            int program = header.indexOf("PROGRAM");
            int pages = header.indexOf("PAGES") + "PAGES".length();
            for (int i = 1; i < lines.length; i++) {
                assertEquals(state, lines[i].indexOf("WAITS4"), "STATE column, pid " + pid + ":\n" + String.join("\n", lines));
                assertEquals(pages, lines[i].indexOf("233") + 3, "PAGES column (right-aligned), pid " + pid);
                assertTrue(lines[i].substring(program).matches("(\\|- |`- |   |\\|  )*(init|tree)"),
                        "PROGRAM column with connectors, pid " + pid + ": " + lines[i]);
                int expected = new int[] {1, pid, pid + 1}[i - 1];
                assertEquals(String.format("%5d", expected), lines[i].substring(0, 5),
                        "the pid right-aligned in its 5 columns: " + lines[i]);
            }
        }
    }

    @Test
    void psDrawsTheTreeWithConnectors() {
        String[] lines = tree(2).toString(true).split("\n");
        assertTrue(lines[1].endsWith("  init"), lines[1]);
        assertTrue(lines[2].endsWith("  └─ tree"), lines[2]);
        assertTrue(lines[3].endsWith("     └─ tree"), lines[3]);
    }

    @Test
    void procShowsAddressesInHexAndWhatItWaitsFor() {
        ProcessDetail p = ProcessDetail.from(json("{\"pid\":2,\"ppid\":1,\"cid\":1,\"depth\":1,\"program\":\"tree\","
                + "\"state\":\"WAITS4CHILDDEATH\",\"alive\":true,\"code\":null,\"noreap\":false,\"children\":[4,3],"
                + "\"shares_memory\":false,\"shares_handles\":false,\"intr_handler\":0,\"wait\":{\"kind\":\"child\"},"
                + "\"rip\":1073741900,\"rsp\":140737488349912,\"cpu_us\":9064,\"runs\":2,\"nice\":0,\"weight\":1}"));
        String s = p.toString();
        assertTrue(s.contains("rip         0x000000004000004c"), s);
        assertTrue(s.contains("rsp         0x00007fffffffead8"), s);
        assertFalse(s.contains("1073741900"), "no decimal addresses: " + s);
        assertTrue(s.contains("waiting for a child to die"), s);
        assertTrue(s.contains("children    4, 3"), s);
        assertEquals("WAITS4CHILDDEATH", p.state());
        assertEquals(1073741900L, p.path("rip").asLong(), "the raw JSON is kept");
        assertFalse(s.startsWith("{"), "not JSON: " + s);
    }

    @Test
    void statsPrintOneGroupPerLine() {
        KernelStats st = KernelStats.from(json("{\"uptime_ns\":4524623862,\"boot_epoch_s\":1795622877,\"timer_hz\":100,"
                + "\"timer_ticks\":772,\"gc\":{\"collections\":0,\"full_collections\":0,\"total_ns\":0,\"max_pause_ns\":0,"
                + "\"allocations\":2212},\"heap\":{\"free_bytes\":31788984,\"total_bytes\":33554432,\"malloc_bytes\":448144},"
                + "\"loop\":{\"iterations\":1009,\"idles\":788},\"agent\":{\"requests\":12,\"errors\":0,\"bytes_in\":329,"
                + "\"bytes_out\":9236,\"bytes_dropped\":0},\"irqs\":[772,0,0,0,0,0,0,0,0,0,25,0,0,0,0,0],\"dma_bytes\":172032,"
                + "\"processes\":{\"live\":4,\"created\":4,\"freed\":0,\"runnable\":0},\"context_switches\":7,\"user_runs\":220,"
                + "\"syscalls\":20,\"frames\":{\"total\":52679,\"free\":52440,\"used\":239,\"page_tables\":40,\"dirty_free\":0},"
                + "\"sched\":{\"policy\":\"seed\",\"decisions\":14,\"decision_ns\":352901,\"fallbacks\":0}}"));
        String s = st.toString();
        assertTrue(s.startsWith("kernel up 4.52 s, timer 100 Hz (772 ticks)"), s);
        assertTrue(s.contains("processes    4 live, 4 created, 0 freed, 0 runnable"), s);
        assertTrue(s.contains("interrupts   irq 0 (timer): 772, irq 10: 25"), s);
        assertTrue(s.split("\n").length >= 10, s);
        assertEquals(239, st.frames().used());
        assertEquals("seed", st.sched().policy());
    }

    @Test
    void pageMapsShowAddressesInHex() {
        PageMap m = PageMap.from(json("{\"pid\":5,\"cr3\":11567104,\"mappings\":[{\"va\":1073741824,\"pages\":82,"
                + "\"pa\":9515008,\"flags\":\"r-xu-\",\"shared\":true}]}"));
        String s = m.toString();
        assertTrue(s.contains("page tables at 0xb08000"), s);
        assertTrue(s.contains("0x0000000040000000 0x0000000040052000      82  0x0000000000913000 r-xu- shared"), s);
    }

    /** A private mapping has an empty SHARED column: its row must not end in a space (seen in k.pages(pid)). */
    @Test
    void pageMapRowsHaveNoTrailingSpace() {
        PageMap m = PageMap.from(json("{\"pid\":5,\"cr3\":11567104,\"mappings\":["
                + "{\"va\":1073741824,\"pages\":1,\"pa\":9515008,\"flags\":\"r-xu-\",\"shared\":false},"
                + "{\"va\":1073745920,\"pages\":1,\"pa\":9519104,\"flags\":\"rw-u-\",\"shared\":false}]}"));
        for (String line : m.toString().split("\n")) {
            assertEquals(line.stripTrailing(), line, "trailing blank in [" + line + "]");
        }
        assertTrue(m.toString().contains("0x0000000040000000 0x0000000040001000       1  0x0000000000913000 r-xu-\n"), m.toString());
    }
}
