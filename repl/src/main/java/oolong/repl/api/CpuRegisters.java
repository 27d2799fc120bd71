package oolong.repl.api;

import java.util.Map;
import oolong.qmp.Registers;
import oolong.repl.introspect.Symbolizer;

/**
 * CPU 0's registers as {@code vm.registers()} returns them: QEMU's values, printed with the symbol
 * of every register that points into code ({@code rip=0000000000101222 <oolong.kernel.KernelLoop.run(Machine) + 0x42>}).
 */
public record CpuRegisters(Registers raw) {
    public long rip() {
        return raw.rip();
    }

    public long rsp() {
        return raw.rsp();
    }

    public long rbp() {
        return raw.rbp();
    }

    public long rax() {
        return raw.rax();
    }

    public long rbx() {
        return raw.rbx();
    }

    public long rcx() {
        return raw.rcx();
    }

    public long rdx() {
        return raw.rdx();
    }

    public long rsi() {
        return raw.rsi();
    }

    public long rdi() {
        return raw.rdi();
    }

    public long rflags() {
        return raw.rflags();
    }

    public long cr0() {
        return raw.cr0();
    }

    public long cr2() {
        return raw.cr2();
    }

    public long cr3() {
        return raw.cr3();
    }

    public long cr4() {
        return raw.cr4();
    }

    public long efer() {
        return raw.efer();
    }

    public int cpl() {
        return raw.cpl();
    }

    /** Every NAME=value QEMU printed. */
    public Map<String, Long> all() {
        return raw.all();
    }

    /** The symbol rip is in ("oolong.kernel.proc.Processes.kill(Process, long) + 0x1c"), or null. */
    public String ripSymbol() {
        return Symbolizer.code(raw.rip()).orElse(null);
    }

    @Override
    public String toString() {
        return Symbolizer.annotate(raw.toString());
    }
}
