package oolong.boot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import oolong.kernel.arch.QemuExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The in-guest kernel test suite (ktest) and user programs, on the real kernel under QEMU. */
class KernelTestsIT {
    @Test
    @Timeout(300)
    void everyKtestCasePasses() throws Exception {
        QemuRun run = QemuRun.boot("init=ktest shutdown", 256, 240);
        String out = run.console;
        Matcher m = Pattern.compile("ktest: (\\d+) passed, (\\d+) failed").matcher(out);
        assertTrue(m.find(), out);
        assertEquals("0", m.group(2), out);
        assertTrue(Integer.parseInt(m.group(1)) >= 21, out);
        assertFalse(out.contains("FAIL"), out);
        assertTrue(out.contains("init exited with code 0; shutting down"), out);
        assertEquals(QemuExitCode.qemuStatus(QemuExitCode.SUCCESS), run.status, out);
    }

    @Test
    @Timeout(120)
    void userFaultsKillOnlyTheProcessAndAreReported() throws Exception {
        QemuRun run = QemuRun.boot("init=\"ktest faults\" shutdown", 256, 90);
        String out = run.console;
        assertTrue(out.contains("page fault at 0x7fff00000000 (no region, read)"), out);
        assertTrue(out.contains("general protection fault (#GP)"), out);
        assertTrue(out.contains("invalid opcode (#UD)"), out);
        assertTrue(out.contains("divide error (#DE)"), out);
        assertTrue(out.contains("ktest: 1 passed, 0 failed"), out);
        assertEquals(QemuExitCode.qemuStatus(QemuExitCode.SUCCESS), run.status, out);
    }

    @Test
    @Timeout(120)
    void aFailingProgramGivesAFailingStatus() throws Exception {
        QemuRun run = QemuRun.boot("init=no-such-program shutdown", 256, 90);
        assertTrue(run.console.contains("init: cannot start 'no-such-program': ENOENT (programs: init, spin,"), run.console);
        assertTrue(run.console.contains("init exited with code 127"), run.console);
        assertEquals(QemuExitCode.qemuStatus(QemuExitCode.FAILURE), run.status, run.console);
    }

    @Test
    @Timeout(120)
    void pipelineAndTreePrograms() throws Exception {
        QemuRun run = QemuRun.boot("init=\"pipeline 50\" shutdown", 256, 90);
        assertTrue(run.console.contains("pipeline: 50 of 50 messages in order; producer exited 0"), run.console);
        assertEquals(QemuExitCode.qemuStatus(QemuExitCode.SUCCESS), run.status, run.console);
    }
}
