package oolong.kernel.core;

import java.nio.charset.StandardCharsets;
import static oolong.kernel.probe.Extensions.AWAIT_HOOK;
import static oolong.kernel.probe.Extensions.FORK_HOOK;
import static oolong.kernel.probe.Extensions.PIPE_READ_HOOK;
import static oolong.kernel.probe.Extensions.PIPE_WRITE_HOOK;
import static oolong.kernel.probe.Extensions.SYSCALL_ENTER_HOOK;
import static oolong.kernel.probe.Extensions.SYSCALL_EXIT_HOOK;

import oolong.api.Errno;
import oolong.api.ExitCodes;
import oolong.api.MemFlags;
import oolong.api.Syscall;
import oolong.api.probe.Hooks;
import oolong.api.probe.Patch;
import oolong.kernel.log.Log;
import oolong.kernel.mem.AddressSpace;
import oolong.kernel.mem.MemStatus;
import oolong.kernel.mem.Region;
import oolong.kernel.mem.UserLayout;
import oolong.kernel.platform.UserRegisters;
import oolong.kernel.probe.Extensions;
import oolong.kernel.proc.Pipes;
import oolong.kernel.proc.Process;
import oolong.kernel.proc.ProcessState;
import oolong.kernel.proc.Processes;
import oolong.kernel.proc.UserInterrupts;

/**
 * The system calls (numbers and meanings in oolong.api.Syscall). Arguments come from the saved
 * registers; every user pointer goes through the address space's checked copies, so a bad one is
 * EFAULT, never a kernel fault. A call that must wait leaves the process in a waiting state and
 * its result is stored when the wait ends.
 */
public final class Syscalls {
    /** Linux numbers musl's start-up code uses; emulated for every process. */
    static final int LINUX_ARCH_PRCTL = 158;
    static final int LINUX_SET_TID_ADDRESS = 218;
    static final int ARCH_SET_FS = 0x1002;
    static final int MAX_LOG = 4096;
    static final int MAX_IO = 1 << 20;

    private final Machine machine;
    private final Processes model;
    private final Extensions extensions;
    private final byte[] buffer = new byte[MAX_LOG];
    private final long[] longOut = new long[1];
    private long calls;
    private final long[] counts = new long[Syscall.PUPPET_NEXT - Syscall.EXIT + 1];

    Syscalls(Machine machine) {
        this.machine = machine;
        this.model = machine.processes;
        this.extensions = machine.extensions;
    }

    public long calls() {
        return calls;
    }

    public long count(int nr) {
        int i = nr - Syscall.EXIT;
        return i >= 0 && i < counts.length ? counts[i] : 0;
    }

    void dispatch(Process p, UserRegisters regs) {
        calls++;
        long nr = regs.get(UserRegisters.RAX);
        long a1 = regs.get(UserRegisters.RDI);
        long a2 = regs.get(UserRegisters.RSI);
        long a3 = regs.get(UserRegisters.RDX);
        long a4 = regs.get(UserRegisters.R10);
        long a5 = regs.get(UserRegisters.R8);
        int i = (int) (nr - Syscall.EXIT);
        if (nr >= Syscall.EXIT && i < counts.length) {
            counts[i]++;
        }
        if (machine.faults.killAtSyscall.enabled()) {
            long only = machine.faults.killAtSyscall.parameter();
            if ((only == 0 || only == nr) && machine.faults.killAtSyscall.shouldFail(p.pid())) {
                Log.println("fault injection: pid " + p.pid() + " killed at system call " + nr + " (exit "
                        + ExitCodes.INJECTED_KILL + ")");
                model.kill(p, ExitCodes.INJECTED_KILL);
                return;
            }
        }
        /* nothing attached at any hook: one load and a branch, then the call as if there were no hooks */
        long r = extensions.armed == 0 ? call(p, regs, nr, a1, a2, a3, a4, a5) : hooked(p, regs, nr, a1, a2, a3, a4, a5);
        if (r != Processes.BLOCKED && p.state() == ProcessState.RUNNING) {
            regs.setReturnValue(r);
        }
    }

    /**
     * A call with something attached at a hook: syscall:enter (a patch may decide instead of the
     * call), the hooks after the call (fork, await, pipes), syscall:exit with the call's duration.
     */
    private long hooked(Process p, UserRegisters regs, long nr, long a1, long a2, long a3, long a4, long a5) {
        long r;
        long armed = extensions.armed;
        long start = (armed & SYSCALL_EXIT_HOOK) != 0 ? machine.platform.clockNanos() : 0;
        if ((armed & SYSCALL_ENTER_HOOK) != 0
                && (r = extensions.fire(Hooks.SYSCALL_ENTER, p.pid(), nr, a1, a2, a3, a4, a5)) != Patch.PASS) {
            /* a patch decided: the call is not run (Hooks.legal let only an errno or a plain result through) */
        } else {
            r = call(p, regs, nr, a1, a2, a3, a4, a5);
            armed = extensions.armed;
            if ((armed & (PIPE_READ_HOOK | PIPE_WRITE_HOOK | AWAIT_HOOK | FORK_HOOK)) != 0) {
                SyscallHooks.after(extensions, p, nr, a1, a3, r);
            }
        }
        if ((armed & SYSCALL_EXIT_HOOK) != 0 && r != Processes.BLOCKED && p.state() == ProcessState.RUNNING) {
            long took = start == 0 ? 0 : machine.platform.clockNanos() - start;
            long d = extensions.fire(Hooks.SYSCALL_EXIT, p.pid(), nr, r, took);
            r = d != Patch.PASS ? d : r;
        }
        return r;
    }

    private long call(Process p, UserRegisters regs, long nr, long a1, long a2, long a3, long a4, long a5) {
        switch ((int) nr) {
            case Syscall.EXIT:
                model.kill(p, a1);
                return Processes.BLOCKED;
            case Syscall.LOG_WRITE:
                return logWrite(p, a1, a2);
            case Syscall.CLOCK_NS:
                return machine.platform.clockNanos();
            case Syscall.AWAIT:
                return model.await(p);
            case Syscall.FORK:
                return fork(p, (int) a1);
            case Syscall.DUP:
                return model.handleIds().dup(p, (int) a1, (int) a2);
            case Syscall.READ:
                return a3 < 0 || a3 > MAX_IO ? -Errno.EINVAL : model.pipes().read(p, (int) a1, a2, (int) a3);
            case Syscall.WRITE:
                return a3 < 0 || a3 > MAX_IO ? -Errno.EINVAL : model.pipes().write(p, (int) a1, a2, (int) a3);
            case Syscall.CLOSE:
                return model.handleIds().close(p, (int) a1);
            case Syscall.PIPE:
                return pipe(p, a1);
            case Syscall.SLEEP:
                return sleep(p, a1);
            case Syscall.MEMFLAG:
                return memflag(p, a1, a2, (int) a3);
            case Syscall.FILICIDE:
                model.filicide(p, ExitCodes.KILLED);
                return 0;
            case Syscall.INTR:
                for (Process d = Processes.next(p, p); d != null; d = Processes.next(d, p)) {
                    UserInterrupts.intr(d);
                }
                return 0;
            case Syscall.INTR_SET:
                if (a1 != 0 && !UserLayout.inUserSpace(a1, 1)) {
                    return -Errno.EFAULT;
                }
                UserInterrupts.setHandler(p, a1);
                return 0;
            case Syscall.SPAWN:
                return spawn(p, a1, a2);
            case Syscall.GETPID:
                return p.pid();
            case Syscall.GETPPID:
                return p.parent() == null ? 0 : p.parent().pid();
            case Syscall.YIELD:
                machine.requestReschedule();
                return 0;
            case Syscall.PUPPET_NEXT:
                return machine.puppets.next(p, a1, a2, a3, a4);
            case LINUX_ARCH_PRCTL:
                if (a1 != ARCH_SET_FS) {
                    return -Errno.EINVAL;
                }
                if (!UserLayout.inUserSpace(a2, 1)) {
                    return -Errno.EFAULT;
                }
                regs.set(UserRegisters.FS_BASE, a2);
                return 0;
            case LINUX_SET_TID_ADDRESS:
                return p.pid();
            default:
                return -Errno.ENOSYS;
        }
    }

    private long logWrite(Process p, long address, long length) {
        if (length < 0 || length > MAX_LOG) {
            return -Errno.EINVAL;
        }
        int st = p.addressSpace().read(address, buffer, 0, (int) length);
        if (st != MemStatus.OK) {
            return st;
        }
        String text = new String(buffer, 0, (int) length, StandardCharsets.UTF_8);
        Log.print(text);
        return length;
    }

    private long fork(Process p, int flags) {
        return model.forkPid(p, flags);
    }

    private long pipe(Process p, long ends) {
        AddressSpace space = p.addressSpace();
        if (!UserLayout.inUserSpace(ends, 8)) {
            return -Errno.EFAULT;
        }
        long made = model.pipes().create(p);
        if (made < 0) {
            return made;
        }
        int st = space.writeLong(ends, made);
        if (st != MemStatus.OK) {
            model.handleIds().close(p, Pipes.readSlot(made));
            model.handleIds().close(p, Pipes.writeSlot(made));
            return st;
        }
        return 0;
    }

    private long sleep(Process p, long ms) {
        if (ms < 0) {
            return -Errno.EINVAL;
        }
        if (ms == 0) {
            machine.requestReschedule();
            return 0;
        }
        long ns = ms > Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE / 2 : ms * 1_000_000;
        return model.sleepers().sleep(p, machine.platform.clockNanos() + ns);
    }

    private long memflag(Process p, long address, long length, int flags) {
        AddressSpace space = p.addressSpace();
        if (length <= 0 || length > (1L << 40)) {
            return -Errno.EINVAL;
        }
        long len = (length + UserLayout.PAGE - 1) & ~(UserLayout.PAGE - 1);
        long addr = address & ~(UserLayout.PAGE - 1);
        if ((flags & ~(MemFlags.PRESENT | MemFlags.FINDFREE)) != 0) {
            return -Errno.EINVAL;
        }
        if ((flags & MemFlags.FINDFREE) != 0) {
            addr = space.findFree(len);
            if (addr < 0) {
                return addr;
            }
            if ((flags & MemFlags.PRESENT) == 0) {
                return addr;
            }
        }
        if (!UserLayout.inUserSpace(addr, len)) {
            return -Errno.EINVAL;
        }
        int st = (flags & MemFlags.PRESENT) != 0 ? space.map(addr, len, Region.READ | Region.WRITE) : space.unmap(addr, len);
        return st == MemStatus.OK ? addr : st;
    }

    private long spawn(Process p, long argvAddress, long length) {
        if (length <= 0 || length > oolong.kernel.exec.ProgramLoader.MAX_ARG_BYTES) {
            return -Errno.EINVAL;
        }
        byte[] raw = new byte[(int) length];
        int st = p.addressSpace().read(argvAddress, raw, 0, raw.length);
        if (st != MemStatus.OK) {
            return st;
        }
        String[] argv = splitArguments(raw);
        if (argv.length == 0 || argv[0].isEmpty()) {
            return -Errno.EINVAL;
        }
        Processes.Result r = machine.spawn(p, argv);
        return r.ok() ? r.process.pid() : r.error;
    }

    /** NUL-separated arguments; a missing final NUL is fine. */
    static String[] splitArguments(byte[] raw) {
        int count = 0;
        int start = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i == raw.length ? i > start : raw[i] == 0) {
                count++;
                start = i + 1;
            }
        }
        String[] out = new String[count];
        int k = 0;
        start = 0;
        for (int i = 0; i <= raw.length && k < count; i++) {
            if (i == raw.length ? i > start : raw[i] == 0) {
                out[k++] = new String(raw, start, i - start, StandardCharsets.UTF_8);
                start = i + 1;
            }
        }
        return out;
    }
}
