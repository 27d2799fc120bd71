package oolong.repl.session;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import oolong.qmp.Registers;
import oolong.repl.introspect.Symbolizer;

/**
 * A kernel panic as the REPL saw it: the kernel's own report from the serial console (message,
 * current process and its saved user registers), and the CPU's registers read through QMP while
 * QEMU held the machine paused in its guest-panicked state, before anything resumed or replaced it.
 *
 * @param message        the panic message ("init killed prematurely (it still has children)"), or
 *                       the first line of a CPU-exception report
 * @param currentProcess the kernel's "current process" line (null when the report has none)
 * @param console        the report's lines from the console
 * @param registers      CPU 0 at the panic, or null when they could not be read
 * @param registersError why they could not be read (null when they were)
 */
public record PanicReport(String message, String currentProcess, String console, Registers registers,
                          String registersError) {
    private static final Pattern MESSAGE = Pattern.compile("\\*\\*\\* (?:KERNEL PANIC: |(CPU EXCEPTION))([^\\n]*)");
    private static final Pattern CURRENT = Pattern.compile("current process: ([^\\n]*)");

    static PanicReport of(String console, Registers registers, String registersError) {
        Matcher m = MESSAGE.matcher(console);
        String message = m.find() ? (m.group(1) != null ? m.group(1) + m.group(2) : m.group(2)).strip() : "(no report on the console)";
        Matcher c = CURRENT.matcher(console);
        return new PanicReport(message, c.find() ? c.group(1).strip() : null, console, registers, registersError);
    }

    /** The report, every code address in it followed by its symbol (oolong.repl.introspect.Symbolizer). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(Symbolizer.annotate(console.strip()));
        sb.append("\n    CPU registers at the panic (QMP, machine paused):\n");
        if (registers != null) {
            sb.append("    ").append(Symbolizer.annotate(registers.toString()).replace("\n", "\n    "));
        } else {
            sb.append("    (unavailable: ").append(registersError).append(')');
        }
        return sb.toString();
    }
}
