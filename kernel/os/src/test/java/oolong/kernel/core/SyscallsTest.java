package oolong.kernel.core;

import static oolong.kernel.platform.SimulatedPlatform.syscall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import oolong.api.Errno;
import oolong.api.ExitCodes;
import oolong.api.ForkFlags;
import oolong.api.MemFlags;
import oolong.api.Syscall;
import oolong.kernel.mem.UserLayout;
import oolong.kernel.platform.SimulatedPlatform.Step;
import oolong.kernel.platform.UserRegisters;
import oolong.kernel.proc.Invariants;
import oolong.kernel.proc.Process;
import oolong.kernel.proc.ProcessState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every system call through the real dispatch path: a process's script traps with a call's number
 * and arguments in its registers, the machine loop runs the call, and the result is read back from
 * RAX at the next entry, as a user program would see it.
 */
class SyscallsTest {
    /** Init's runtime arena: demand-zero, read-write, a safe place for user buffers. */
    static final long BUF = UserLayout.ARENA_BASE + 0x10_0000;

    final SimulatedKernel k = new SimulatedKernel();
    final List<Long> results = new ArrayList<>();

    @AfterEach
    void modelStaysConsistent() {
        assertEquals(List.of(), Invariants.check(k.machine.processes));
    }

    /** Runs the calls in order as pid's next steps; each call's result is appended to {@link #results}. */
    void calls(int pid, Step... calls) {
        k.scriptCalls(pid, results, calls);
    }

    void runUntilResults(int count) {
        k.runUntil(() -> results.size() >= count, 200);
    }

    void poke(Process p, long address, byte[] data) {
        assertEquals(0, p.addressSpace().write(address, data, 0, data.length));
    }

    byte[] peek(Process p, long address, int length) {
        byte[] b = new byte[length];
        assertEquals(0, p.addressSpace().read(address, b, 0, length));
        return b;
    }

    @Test
    void identityAndClockCalls() {
        k.platform.advance(123_456_789);
        long now = k.platform.clockNanos();
        calls(1, syscall(Syscall.GETPID), syscall(Syscall.GETPPID), syscall(Syscall.CLOCK_NS),
                syscall(Syscalls.LINUX_SET_TID_ADDRESS, BUF), syscall(4242), syscall(-1));
        runUntilResults(6);
        assertEquals(List.of(1L, 0L, now, 1L, (long) -Errno.ENOSYS, (long) -Errno.ENOSYS), results);
        assertEquals(6, k.machine.syscalls.calls());
        assertEquals(1, k.machine.syscalls.count(Syscall.GETPID));
        assertEquals(0, k.machine.syscalls.count(4242));
    }

    @Test
    void archPrctlSetsTheThreadPointerOnlyInUserSpace() {
        calls(1, syscall(Syscalls.LINUX_ARCH_PRCTL, Syscalls.ARCH_SET_FS, BUF),
                syscall(Syscalls.LINUX_ARCH_PRCTL, 0x1001, BUF),
                syscall(Syscalls.LINUX_ARCH_PRCTL, Syscalls.ARCH_SET_FS, 0x1000));
        runUntilResults(3);
        assertEquals(List.of(0L, (long) -Errno.EINVAL, (long) -Errno.EFAULT), results);
        assertEquals(BUF, k.process(1).registers().get(UserRegisters.FS_BASE));
    }

    @Test
    void logWriteCopiesInOrRefuses() {
        poke(k.process(1), BUF, "hello\n".getBytes(StandardCharsets.UTF_8));
        calls(1, syscall(Syscall.LOG_WRITE, BUF, 6), syscall(Syscall.LOG_WRITE, 0x1000, 6),
                syscall(Syscall.LOG_WRITE, BUF, Syscalls.MAX_LOG + 1), syscall(Syscall.LOG_WRITE, BUF, -1));
        runUntilResults(4);
        assertEquals(List.of(6L, (long) -Errno.EFAULT, (long) -Errno.EINVAL, (long) -Errno.EINVAL), results);
    }

    @Test
    void forkGivesTheChildsPidToTheParentAndZeroToTheChild() {
        calls(1, syscall(Syscall.FORK, 0), syscall(Syscall.FORK, 0x40), syscall(Syscall.FORK, ForkFlags.NEWFS));
        runUntilResults(3);
        long child = results.get(0);
        assertEquals(2, child);
        assertEquals(List.of((long) -Errno.EINVAL, (long) -Errno.ENOTSUP), results.subList(1, 3));
        Process c = k.process(2);
        assertEquals(0, c.registers().returnValue());
        assertEquals(k.process(1), c.parent());
        assertTrue(c.addressSpace() != k.process(1).addressSpace(), "a plain fork copies the address space");
    }

    @Test
    void forkWithSharedMemoryAndHandles() {
        calls(1, syscall(Syscall.FORK, ForkFlags.SHAREMEM | ForkFlags.SHAREHANDLE | ForkFlags.NOREAP));
        runUntilResults(1);
        Process c = k.process((int) (long) results.get(0));
        assertTrue(c.sharesMemory());
        assertEquals(k.process(1).addressSpace(), c.addressSpace());
        assertEquals(2, c.handleTable().sharers());
        assertTrue(c.noreap());
    }

    @Test
    void awaitCollectsAChildsCodeOrSaysThereIsNone() {
        calls(1, syscall(Syscall.AWAIT), syscall(Syscall.FORK, 0), syscall(Syscall.AWAIT));
        k.platform.script(2, syscall(Syscall.EXIT, 42));
        runUntilResults(3);
        assertEquals(List.of(ExitCodes.NOTHING_TO_AWAIT, 2L, 42L), results);
        k.turns(2);
        assertNull(k.process(2), "the reaped child is freed at the next safe point");
    }

    @Test
    void pipesMoveBytesBetweenProcesses() {
        Process init = k.process(1);
        poke(init, BUF + 100, "ping".getBytes(StandardCharsets.UTF_8));
        calls(1, syscall(Syscall.PIPE, BUF), syscall(Syscall.FORK, 0));
        runUntilResults(2);
        long ends = readLong(init, BUF);
        int readEnd = (int) ends;
        int writeEnd = (int) (ends >>> 32);
        assertEquals(List.of(0L, 2L), results);
        assertEquals(2, init.handleTable().count());
        results.clear();
        /* the child reads (and waits), the parent writes */
        List<String> child = new ArrayList<>();
        k.platform.script(2, syscall(Syscall.READ, readEnd, BUF + 200, 16), regs -> {
            int n = (int) regs.returnValue();
            child.add(n + ":" + new String(peek(k.process(2), BUF + 200, n), StandardCharsets.UTF_8));
            return syscall(Syscall.EXIT, 0).run(regs);
        });
        calls(1, syscall(Syscall.WRITE, writeEnd, BUF + 100, 4), syscall(Syscall.AWAIT),
                syscall(Syscall.WRITE, readEnd, BUF, 1), syscall(Syscall.READ, 9, BUF, 1),
                syscall(Syscall.READ, readEnd, BUF, -1), syscall(Syscall.CLOSE, readEnd),
                syscall(Syscall.WRITE, writeEnd, BUF, 1), syscall(Syscall.CLOSE, readEnd));
        runUntilResults(8);
        assertEquals(List.of("4:ping"), child);
        assertEquals(List.of(4L, 0L, (long) -Errno.EBADF, (long) -Errno.EBADF, (long) -Errno.EINVAL, 0L,
                (long) -Errno.EPIPE, (long) -Errno.EBADF), results);
    }

    @Test
    void aPipeWhoseEndsCannotBeStoredLeaksNothing() {
        long handlesBefore = k.machine.processes.handles().openHandles();
        calls(1, syscall(Syscall.PIPE, 0x1000), syscall(Syscall.PIPE, UserLayout.USER_TOP - 4));
        runUntilResults(2);
        assertEquals(List.of((long) -Errno.EFAULT, (long) -Errno.EFAULT), results);
        assertEquals(handlesBefore, k.machine.processes.handles().openHandles());
        assertEquals(0, k.process(1).handleTable().count());
    }

    @Test
    void dupAndClose() {
        calls(1, syscall(Syscall.PIPE, BUF), syscall(Syscall.DUP, 1, 7), syscall(Syscall.DUP, 1, -1),
                syscall(Syscall.DUP, 5, 6), syscall(Syscall.DUP, 1, 99), syscall(Syscall.CLOSE, 7),
                syscall(Syscall.CLOSE, 7));
        runUntilResults(7);
        assertEquals(List.of(0L, 7L, 0L, (long) -Errno.EBADF, (long) -Errno.EBADF, 0L, (long) -Errno.EBADF), results);
    }

    @Test
    void sleepWaitsForTheClock() {
        calls(1, syscall(Syscall.SLEEP, -1), syscall(Syscall.SLEEP, 0), syscall(Syscall.SLEEP, 50));
        runUntilResults(2);
        assertEquals(List.of((long) -Errno.EINVAL, 0L), results);
        k.runUntil(() -> k.process(1).state() == ProcessState.WAITS4TIMER, 20);
        long asleepAt = k.platform.clockNanos();
        assertEquals(asleepAt + 50_000_000L, k.process(1).wakeAt());
        runUntilResults(3);
        assertEquals(0L, results.get(2));
        assertTrue(k.platform.clockNanos() >= asleepAt + 50_000_000L, "woken no earlier than asked");
    }

    @Test
    void memflagMapsFindsAndUnmaps() {
        long at = 0x20_0000_0000L;
        calls(1, syscall(Syscall.MEMFLAG, at, 8192, MemFlags.PRESENT),
                syscall(Syscall.MEMFLAG, at, 8192, MemFlags.PRESENT),
                syscall(Syscall.MEMFLAG, 0, 4096, MemFlags.FINDFREE),
                syscall(Syscall.MEMFLAG, 0, 4096, MemFlags.FINDFREE | MemFlags.PRESENT),
                syscall(Syscall.MEMFLAG, at, 8192, 0),
                syscall(Syscall.MEMFLAG, at, 0, MemFlags.PRESENT),
                syscall(Syscall.MEMFLAG, at, 4096, 8),
                syscall(Syscall.MEMFLAG, 0x1000, 4096, MemFlags.PRESENT));
        runUntilResults(8);
        assertEquals(at, results.get(0));
        assertEquals((long) oolong.kernel.mem.MemStatus.EEXIST, results.get(1));
        assertEquals(UserLayout.MMAP_BASE, results.get(2), "found, not mapped");
        assertEquals(UserLayout.MMAP_BASE, results.get(3), "found and mapped");
        assertEquals(List.of(at, (long) -Errno.EINVAL, (long) -Errno.EINVAL, (long) -Errno.EINVAL), results.subList(4, 8));
        assertTrue(k.process(1).addressSpace().translate(UserLayout.MMAP_BASE) > 0);
        assertEquals(-1, k.process(1).addressSpace().translate(at));
    }

    @Test
    void spawnStartsAProgramOfTheImage() {
        byte[] argv = "tree\0002\0".getBytes(StandardCharsets.UTF_8);
        Process init = k.process(1);
        poke(init, BUF, argv);
        poke(init, BUF + 64, "nosuch\0".getBytes(StandardCharsets.UTF_8));
        poke(init, BUF + 128, new byte[] {0, 'x'});
        calls(1, syscall(Syscall.SPAWN, BUF, argv.length), syscall(Syscall.SPAWN, BUF + 64, 7),
                syscall(Syscall.SPAWN, BUF, 0), syscall(Syscall.SPAWN, BUF + 128, 2),
                syscall(Syscall.SPAWN, 0x1000, 8));
        runUntilResults(5);
        assertEquals(List.of(2L, (long) -Errno.ENOENT, (long) -Errno.EINVAL, (long) -Errno.EINVAL,
                (long) -Errno.EFAULT), results);
        Process child = k.process(2);
        assertEquals("tree", child.program());
        assertEquals(2, child.registers().get(UserRegisters.RDI), "argc");
        assertEquals(0, child.handleTable().count());
    }

    @Test
    void splitArgumentsTakesNulSeparatedStrings() {
        assertEquals(List.of("a", "bc", ""), List.of(Syscalls.splitArguments("a\0bc\0\0".getBytes(StandardCharsets.UTF_8))));
        assertEquals(List.of("a", "bc"), List.of(Syscalls.splitArguments("a\0bc".getBytes(StandardCharsets.UTF_8))));
        assertEquals(List.of(), List.of(Syscalls.splitArguments(new byte[0])));
    }

    @Test
    void exitEndsTheCallerAndFilicideItsDescendants() {
        k.machine.useBuiltIn("round-robin");      /* the seed's policy would keep the spinning child on the CPU */
        calls(1, syscall(Syscall.FORK, 0), syscall(Syscall.SLEEP, 20), syscall(Syscall.FILICIDE), syscall(Syscall.AWAIT));
        k.platform.script(2, syscall(Syscall.FORK, 0));
        /* the grandchild spins until it is killed */
        runUntilResults(4);
        assertEquals(List.of(2L, 0L, 0L, (long) ExitCodes.KILLED), results, "the child died by filicide");
        assertEquals(3, k.machine.processes.processesCreated());
        Process grandchild = k.process(3);
        assertTrue(grandchild == null || !grandchild.alive(), "the grandchild died too");
        assertEquals(1, k.machine.processes.liveProcesses());
    }

    @Test
    void intrDivertsDescendantsToTheirHandler() {
        long handler = UserLayout.IMAGE_BASE + 0x1000;
        k.machine.useBuiltIn("round-robin");
        calls(1, syscall(Syscall.INTR_SET, 0x1000), syscall(Syscall.FORK, 0));
        runUntilResults(2);
        assertEquals(List.of((long) -Errno.EFAULT, 2L), results, "a handler in the kernel's half is refused");
        results.clear();
        k.platform.script(2, syscall(Syscall.INTR_SET, handler), syscall(Syscall.YIELD));
        k.runUntil(() -> k.process(2).intrHandler() == handler, 50);
        long ip = k.process(2).registers().instructionPointer();
        calls(1, syscall(Syscall.INTR));
        runUntilResults(1);
        assertEquals(List.of(0L), results);
        assertEquals(handler, k.process(2).registers().instructionPointer());
        assertEquals(ip, readLong(k.process(2), k.process(2).registers().stackPointer()), "the interrupted ip is on its stack");
    }

    @Test
    void theKillAtSyscallFaultPointKillsTheCaller() {
        k.machine.faults.killAtSyscall.configure(1_000_000, 1, 1, 0, null, Syscall.GETPID, 1);
        calls(1, syscall(Syscall.FORK, 0), syscall(Syscall.AWAIT));
        k.platform.script(2, syscall(Syscall.GETPPID), syscall(Syscall.GETPID), syscall(Syscall.EXIT, 0));
        runUntilResults(2);
        assertEquals(List.of(2L, (long) ExitCodes.INJECTED_KILL), results);
        assertEquals(1, k.platform.stepsLeft(2), "the exit was never reached");
    }

    @Test
    void yieldAsksTheSchedulerAgain() {
        List<Long> decisions = new ArrayList<>();
        Step note = regs -> {
            decisions.add(k.machine.scheduler.decisions());
            return syscall(Syscall.GETPID).run(regs);
        };
        calls(1, syscall(Syscall.GETPID), note, syscall(Syscall.YIELD), note);
        runUntilResults(4);
        assertEquals(List.of(1L, 1L, 0L, 1L), results);
        assertEquals(decisions.get(0) + 1, decisions.get(1), "a scheduling decision came between the yield and the next call");
    }

    @Test
    void aCallThatLeavesTheCallerRunningGoesStraightBack() {
        calls(1, syscall(Syscall.GETPID), syscall(Syscall.GETPID), syscall(Syscall.GETPID));
        long runs = k.machine.runs();
        k.turns(1);
        assertEquals(List.of(1L, 1L, 1L), results, "three calls in one turn of the loop");
        assertEquals(runs + 4, k.machine.runs());
    }

    @Test
    void aPendingInterruptEndsTheRunAfterTheCall() {
        calls(1, syscall(Syscall.GETPID), regs -> {
            k.platform.raiseInterrupt(4);
            return syscall(Syscall.GETPID).run(regs);
        }, syscall(Syscall.GETPID));
        k.turns(1);
        assertEquals(List.of(1L), results, "back to the loop after the second call: an interrupt waits");
        assertEquals(1, k.platform.stepsLeft(1) - 1, "the third call is still to come");
        k.turns(1);
        assertEquals(List.of(1L, 1L, 1L), results);
    }

    private static long readLong(Process p, long address) {
        long[] out = new long[1];
        assertEquals(0, p.addressSpace().readLong(address, out));
        return out[0];
    }
}
