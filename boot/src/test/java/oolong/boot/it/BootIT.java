package oolong.boot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import oolong.kernel.Version;
import oolong.kernel.arch.QemuExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Boots the real kernel image under QEMU (TCG). */
class BootIT {
    @Test
    @Timeout(180)
    void selfTestPassesAndExitsWithSuccess() throws Exception {
        QemuRun run = QemuRun.boot("selftest", 256, 150);
        String out = run.console;
        assertTrue(out.contains(Version.NAME + " -- a kernel in Java"), out);
        assertTrue(out.contains("memory: 255 MiB usable"), out);
        assertTrue(out.contains("command line: ") && out.contains("kernel.elf selftest"), out);
        assertTrue(Pattern.compile("module: \\S*user\\.elf at 0x[0-9a-f]+, \\d+ KiB").matcher(out).find(), out);
        Matcher summary = Pattern.compile("selftest: (\\d+) passed, (\\d+) failed").matcher(out);
        assertTrue(summary.find(), out);
        assertEquals("0", summary.group(2), out);
        assertTrue(Integer.parseInt(summary.group(1)) >= 17, out);
        assertTrue(!out.contains("FAIL"), out);
        assertEquals(QemuExitCode.qemuStatus(QemuExitCode.SUCCESS), run.status, out);
    }

    @Test
    @Timeout(120)
    void aKernelPageFaultIsReportedWithItsAddressAndEndsTheRun() throws Exception {
        QemuRun run = QemuRun.boot("crash=pagefault", 256, 90);
        String out = run.console;
        assertTrue(out.contains("*** CPU EXCEPTION in kernel: vector 14 (#PF page fault)"), out);
        assertTrue(out.contains("cr2=0x0000000000000010"), out);
        assertTrue(Pattern.compile("rip=0x0000000000[0-9a-f]{6}").matcher(out).find(), out);
        assertTrue(out.contains("stack: 0x"), out);
        assertEquals(QemuExitCode.qemuStatus(QemuExitCode.CPU_EXCEPTION), run.status, out);
    }

    @Test
    @Timeout(120)
    void aNonCanonicalAccessIsAGeneralProtectionFault() throws Exception {
        QemuRun run = QemuRun.boot("crash=noncanonical", 256, 90);
        assertTrue(run.console.contains("vector 13 (#GP general protection)"), run.console);
        assertEquals(QemuExitCode.qemuStatus(QemuExitCode.CPU_EXCEPTION), run.status, run.console);
    }

    @Test
    @Timeout(120)
    void tooLittleMemoryIsAClearBootFailure() throws Exception {
        QemuRun run = QemuRun.boot("selftest", 32, 90);
        assertTrue(run.console.contains("boot failed: not enough memory for the kernel's Java heap"), run.console);
        assertEquals(QemuExitCode.qemuStatus(QemuExitCode.PANIC), run.status, run.console);
    }
}
