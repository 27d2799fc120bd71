package oolong.kernel.core;

import oolong.kernel.log.Log;
import oolong.kernel.platform.UserRegisters;
import oolong.kernel.proc.Process;

/**
 * The kernel panic's report on the console: the message, the process that was running and its
 * registers, the uptime. The host's REPL shows these lines as they are (repl.session.PanicReport
 * reads them), so their wording is part of what the tests check.
 */
final class PanicPrinter {
    private PanicPrinter() {
    }

    /** Prints the report; {@code doing} says what the kernel was doing for the current process (or ""). */
    static void print(String message, Process current, String doing, long uptimeNanos, long liveProcesses) {
        Log.println("");
        Log.println("*** KERNEL PANIC: " + message);
        if (current != null) {
            Log.println("    current process: pid " + current.pid() + " (" + current.program() + ") " + current.state() + doing);
            UserRegisters regs = current.registers();
            if (regs != null) {
                Log.println("    its registers: rip=0x" + Long.toHexString(regs.get(UserRegisters.RIP))
                        + " rsp=0x" + Long.toHexString(regs.get(UserRegisters.RSP))
                        + " rax=0x" + Long.toHexString(regs.get(UserRegisters.RAX))
                        + " rdi=0x" + Long.toHexString(regs.get(UserRegisters.RDI))
                        + " rsi=0x" + Long.toHexString(regs.get(UserRegisters.RSI))
                        + " rdx=0x" + Long.toHexString(regs.get(UserRegisters.RDX)));
            }
        } else {
            Log.println("    current process: none (the kernel was serving the agent or its loop)");
        }
        Log.println(uptimeLine(uptimeNanos, liveProcesses));
    }

    /** The report's last line: "    uptime 3010 ms, 7 live processes" ("1 live process" for one). */
    static String uptimeLine(long uptimeNanos, long liveProcesses) {
        return "    uptime " + uptimeNanos / 1_000_000 + " ms, " + liveProcesses
                + (liveProcesses == 1 ? " live process" : " live processes");
    }
}
