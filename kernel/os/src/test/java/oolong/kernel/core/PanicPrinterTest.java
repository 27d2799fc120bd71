package oolong.kernel.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The panic report's last line counts processes in English: one process, two processes. */
class PanicPrinterTest {
    @Test
    void oneLiveProcessIsSingular() {
        assertEquals("    uptime 3 ms, 1 live process", PanicPrinter.uptimeLine(3_400_000, 1));
    }

    @Test
    void otherCountsArePlural() {
        assertEquals("    uptime 3010 ms, 7 live processes", PanicPrinter.uptimeLine(3_010_000_000L, 7));
        assertEquals("    uptime 0 ms, 0 live processes", PanicPrinter.uptimeLine(0, 0));
    }
}
