package oolong.introspect.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceLinesTest {
    @Test
    void parsesAddr2linesInlineChains() {
        String out = """
                0x00000000001b0f00
                meth_okp_Process_alive
                /w/obj/oolong/kernel/proc/Process.java:79
                meth_okp_Processes_kill
                /w/obj/oolong/kernel/proc/Processes.java:275 (discriminator 2)
                0x0000000000100520
                k_panic_exit
                /w/native/kernel/traps.c:151
                0x0000000000000004
                ??
                ??:0
                """;
        Map<Long, List<SourceLines.Line>> m = new HashMap<>();
        SourceLines.parse(out, m);
        assertEquals(List.of(new SourceLines.Line("meth_okp_Process_alive", "/w/obj/oolong/kernel/proc/Process.java", 79),
                new SourceLines.Line("meth_okp_Processes_kill", "/w/obj/oolong/kernel/proc/Processes.java", 275)),
                m.get(0x1b0f00L));
        assertEquals("traps.c:151", m.get(0x100520L).get(0).toString());
        assertEquals(List.of(), m.get(4L));
    }
}
