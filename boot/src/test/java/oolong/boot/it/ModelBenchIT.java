package oolong.boot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import oolong.kernel.arch.QemuExitCode;
import oolong.kernel.proc.bench.ProcessModelWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Boots the kernel with {@code modelbench=small}: the process-model benchmark compiled to native
 * code runs in the guest, prints its result lines in the format scripts/bench-model parses, and
 * computes the same checksums as HotSpot does here on the host.
 */
class ModelBenchIT {
    static final int PROCESSES = 20_000;
    static final int NODES = 5_000;
    static final int RUNS = 3;

    static final String NUMBER = "(\\d+\\.\\d+)";
    static final String HEX = "([0-9a-f]+)";

    @Test
    @Timeout(180)
    void smallBenchmarkRunsNativelyWithTheHostsChecksums() throws Exception {
        QemuRun run = QemuRun.boot("modelbench=small", 256, 150);
        String out = run.console;
        Matcher fkr = Pattern.compile("modelbench: result fork-kill-reap processes=" + PROCESSES + " runs=" + RUNS
                + " ns/cycle=" + NUMBER + " checksum=" + HEX + "\n").matcher(out);
        assertTrue(fkr.find(), out);
        Matcher walk = Pattern.compile("modelbench: result walk nodes=" + NODES + " walks=\\d+ ms/walk=" + NUMBER
                + " checksum=" + HEX + "\n").matcher(out);
        assertTrue(walk.find(), out);
        assertTrue(Pattern.compile("modelbench: result xorshift iterations=\\d+ ns/iter=" + NUMBER + " value=" + HEX + "\n")
                .matcher(out).find(), out);
        assertTrue(Pattern.compile("modelbench: result chase entries=\\d+ steps=\\d+ ns/step=" + NUMBER + " value=\\d+\n")
                .matcher(out).find(), out);
        assertTrue(Double.parseDouble(fkr.group(1)) > 0, out);
        assertTrue(Double.parseDouble(walk.group(1)) > 0, out);

        long[] host = ProcessModelWorkload.referenceChecksums(PROCESSES, RUNS, NODES);
        assertEquals(Long.toHexString(host[0]), fkr.group(2), "fork/kill/reap: native code and HotSpot agree");
        assertEquals(Long.toHexString(host[1]), walk.group(2), "walk: native code and HotSpot agree");

        assertTrue(out.contains("modelbench: check ok\n"), out);
        assertTrue(Pattern.compile("modelbench: done in \\d+ ms \\(GC: \\d+ collections").matcher(out).find(), out);
        assertFalse(out.contains("FAIL"), out);
        assertEquals(QemuExitCode.qemuStatus(QemuExitCode.SUCCESS), run.status, out);
    }

    @Test
    @Timeout(60)
    void aBadSizeIsRefused() throws Exception {
        QemuRun run = QemuRun.boot("modelbench=lots", 256, 45);
        assertTrue(run.console.contains("modelbench: bad size 'lots' (full, small, or PROCESSES,NODES)"), run.console);
        assertEquals(QemuExitCode.qemuStatus(QemuExitCode.FAILURE), run.status, run.console);
    }
}
