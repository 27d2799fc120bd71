package oolong.repl.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import oolong.qmp.Registers;
import org.junit.jupiter.api.Test;

class PanicReportTest {
    static final String REGISTERS = "RAX=0000000000000001 RBX=0000000001207830 RCX=0000112000000001 RDX=0000000000000505\n"
            + "RSI=0000000000000005 RDI=0000000000000012 RBP=00000000008b2a20 RSP=00000000008b2a18\n"
            + "RIP=0000000000100510 RFL=00000006 [-----P-] CPL=0 II=0 A20=1 SMM=0 HLT=0\n"
            + "CR0=80010033 CR2=00000000400c7018 CR3=00000000004af000 CR4=00000620\nEFER=0000000000000d00\n";

    @Test
    void aKernelPanicWithACurrentProcess() {
        String console = "*** KERNEL PANIC: init killed prematurely (it still has children)\n"
                + "    current process: pid 1 (init) TOMBSTONE, in a system call\n"
                + "    its registers: rip=0x4000004c rsp=0x7fffffffec18 rax=0x3eb rdi=0x0 rsi=0x0 rdx=0x0\n"
                + "    uptime 3010 ms, 7 live processes";
        PanicReport r = PanicReport.of(console, Registers.parse(REGISTERS), null);
        assertEquals("init killed prematurely (it still has children)", r.message());
        assertEquals("pid 1 (init) TOMBSTONE, in a system call", r.currentProcess());
        assertEquals(0x100510, r.registers().rip());
        assertTrue(r.toString().startsWith(console), r.toString());
        assertTrue(r.toString().contains("CPU registers at the panic (QMP, machine paused):\n    rip=0000000000100510"),
                r.toString());
    }

    @Test
    void aCpuExceptionAndRegistersThatCouldNotBeRead() {
        String console = "*** CPU EXCEPTION in kernel: vector 14 (page fault)\n    error=0x2 rip=0x1234\n"
                + "*** end of report (exit status 39)";
        PanicReport r = PanicReport.of(console, null, "QEMU is gone");
        assertEquals("CPU EXCEPTION in kernel: vector 14 (page fault)", r.message());
        assertNull(r.currentProcess());
        assertTrue(r.toString().contains("(unavailable: QEMU is gone)"), r.toString());
    }
}
