package oolong.boot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import oolong.kernel.arch.QemuExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Boots the kernel with {@code memtest}: the memory manager on real page tables (docs/memory.md). */
class MemTestIT {
    @Test
    @Timeout(180)
    void memoryTestPassesAndEveryCounterReturnsToItsBaseline() throws Exception {
        QemuRun run = QemuRun.boot("memtest", 256, 150);
        String out = run.console;
        Matcher frames = Pattern.compile("(\\d+) frames \\((\\d+) MiB\\) managed, (\\d+) free").matcher(out);
        assertTrue(frames.find(), out);
        assertEquals(frames.group(1), frames.group(3), out);
        int mib = Integer.parseInt(frames.group(2));
        assertTrue(mib > 150 && mib < 256, "256 MiB guest minus image, module, arena and low memory: " + out);
        assertTrue(out.contains("user image: user.elf loaded"), out);
        assertTrue(Pattern.compile("0x40000000 \\+\\d+ -> 0x[0-9a-f]+ \\[P U\\] shared").matcher(out).find(),
                "text mapped read-only, executable, from the module: " + out);
        assertTrue(out.contains("[P U NX COW] shared"), "data mapped copy-on-write from the module: " + out);
        assertTrue(out.contains("address spaces: 0; page-table frames: 0"), out);
        Matcher summary = Pattern.compile("memtest: (\\d+) passed, (\\d+) failed").matcher(out);
        assertTrue(summary.find(), out);
        assertEquals("0", summary.group(2), out);
        assertTrue(Integer.parseInt(summary.group(1)) >= 11, out);
        assertFalse(out.contains("FAIL"), out);
        assertEquals(QemuExitCode.qemuStatus(QemuExitCode.SUCCESS), run.status, out);
    }
}
