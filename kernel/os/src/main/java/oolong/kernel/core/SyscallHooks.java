package oolong.kernel.core;

import oolong.api.Syscall;
import oolong.api.probe.Hooks;
import oolong.kernel.probe.Extensions;
import oolong.kernel.proc.Process;
import oolong.kernel.proc.Processes;

/**
 * The hooks that fire after a system call that ran: fork, await and the pipes' read and write
 * (docs/probes.md has their arguments). Reached only when one of them has something attached, so
 * the system-call path itself tests one bit mask.
 */
final class SyscallHooks {
    private SyscallHooks() {
    }

    static void after(Extensions x, Process p, long nr, long a1, long a3, long r) {
        switch ((int) nr) {
            case Syscall.FORK -> {
                if (r > 0 && (x.armed & Extensions.FORK_HOOK) != 0) {
                    x.fire(Hooks.PROC_FORK, p.pid(), p.pid(), r, a1);
                }
            }
            case Syscall.AWAIT -> {
                if ((x.armed & Extensions.AWAIT_HOOK) != 0) {
                    boolean waits = r == Processes.BLOCKED;
                    x.fire(Hooks.PROC_AWAIT, p.pid(), waits ? 1 : 0, waits ? 0 : r, 0);
                }
            }
            case Syscall.READ, Syscall.WRITE -> {
                int hook = nr == Syscall.READ ? Hooks.PIPE_READ : Hooks.PIPE_WRITE;
                if (r != Processes.BLOCKED && (x.armed & Extensions.bit(hook)) != 0) {
                    x.fire(hook, p.pid(), a1, a3, r);
                }
            }
            default -> { }
        }
    }
}
