package oolong.kernel.proc;

import oolong.kernel.error.KernelPanic;
import oolong.kernel.error.KernelBug;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import oolong.api.Errno;
import oolong.api.ExitCodes;
import oolong.api.ForkFlags;
import oolong.kernel.handle.HandleTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProcessModelTest {
    final Fixture f = new Fixture();
    final Processes m = f.model;
    final Process init = f.init;

    @AfterEach
    void invariantsHold() {
        assertEquals(List.of(), f.check());
    }

    private static ProcessState s(Process p) {
        return p.state();
    }

    // ------------------------------------------------------------------ tree and fork

    @Test
    void forkLinksNewestChildFirstWithCountingCids() {
        Process a = f.fork(init, 0);
        Process b = f.fork(init, 0);
        assertSame(b, init.firstChild());
        assertSame(a, b.sibling());
        assertEquals(1, a.cid());
        assertEquals(2, b.cid());
        assertEquals(2, a.pid());
        assertEquals(3, b.pid());
        assertSame(init, a.parent());
        assertEquals(0, a.registers().returnValue(), "the child sees 0");
        assertEquals(3, init.registers().returnValue(), "the parent sees the child's pid");
        assertEquals(1, f.fork(a, 0).cid(), "cids count per parent");
    }

    @Test
    void childIdExhaustionIsACleanError() {
        m.setMaxCid(2);
        f.fork(init, 0);
        f.fork(init, 0);
        assertEquals(-Errno.EAGAIN, m.fork(init, 0).error);
    }

    @Test
    void newfsAndUnknownFlagsAreRefused() {
        assertEquals(-Errno.ENOTSUP, m.fork(init, ForkFlags.NEWFS).error);
        assertEquals(-Errno.EINVAL, m.fork(init, 64).error);
    }

    /**
     * The system call's fork answers the child's pid or the negative errno itself (no error left
     * behind to read afterwards): each refusal its own errno, and a success after a failure a pid.
     */
    @Test
    void forkPidAnswersThePidOrTheErrno() {
        int pid = m.forkPid(init, 0);
        assertSame(init, m.byPid(pid).parent());
        assertEquals(0, m.byPid(pid).registers().returnValue(), "the child sees 0");
        assertEquals(-Errno.EINVAL, m.forkPid(init, 64));
        assertEquals(-Errno.ENOTSUP, m.forkPid(init, ForkFlags.NEWFS));
        assertEquals(pid + 1, m.forkPid(init, ForkFlags.NOREAP), "no failed fork used a pid");
        m.setMaxCid(2);
        assertEquals(-Errno.EAGAIN, m.forkPid(init, 0));
        assertEquals(-Errno.EAGAIN, m.fork(init, 0).error, "fork and forkPid refuse alike");
    }

    @Test
    void preOrderWalkMatchesTheSeedsDiagram() {
        /* 1 -> (2 -> 3, 4), (5 -> 6, 7); forks create newest-first, so fork in reverse */
        Process five = f.fork(init, 0);
        Process two = f.fork(init, 0);
        Process seven = f.fork(five, 0);
        Process six = f.fork(five, 0);
        Process four = f.fork(two, 0);
        Process three = f.fork(two, 0);
        List<Process> order = new ArrayList<>();
        for (Process p = init; p != null; p = Processes.next(p, null)) {
            order.add(p);
        }
        assertEquals(List.of(init, two, three, four, five, six, seven), order);
        List<Process> sub = new ArrayList<>();
        for (Process p = two; p != null; p = Processes.next(p, two)) {
            sub.add(p);
        }
        assertEquals(List.of(two, three, four), sub, "bounded by the root");
        assertNull(Processes.next(four, two));
    }

    // ------------------------------------------------------------------ states

    @Test
    void illegalTransitionsAreKernelBugs() {
        Process a = f.fork(init, 0);
        assertThrows(KernelBug.class, () -> m.setState(a, ProcessState.TOREAP));
        assertThrows(KernelBug.class, () -> m.setState(a, ProcessState.FORGOTTEN));
        assertThrows(KernelBug.class, () -> m.setState(a, ProcessState.TOMBSTONE));
        assertThrows(KernelBug.class, () -> m.setState(a, ProcessState.FREED));
        m.setState(a, ProcessState.WAITS4REQUEST);
        assertThrows(KernelBug.class, () -> m.setState(a, ProcessState.WAITS4PIPE), "waiting to waiting");
        m.setState(a, ProcessState.RUNNING);
        m.kill(a, 0);
        assertThrows(KernelBug.class, () -> m.setState(a, ProcessState.RUNNING), "the dead stay dead");
    }

    // ------------------------------------------------------------------ await and reaping

    @Test
    void awaitCollectsAChildThatAlreadyDied() {
        Process a = f.fork(init, 0);
        m.kill(a, 42);
        assertEquals(ProcessState.TOREAP, s(a));
        assertEquals(42, m.await(init));
        assertEquals(ProcessState.RUNNING, s(init));
        assertEquals(ProcessState.FORGOTTEN, s(a));
        assertEquals(1, m.freeForgotten());
        assertEquals(ProcessState.FREED, s(a));
        assertNull(m.byPid(a.pid()));
    }

    @Test
    void awaitBlocksUntilAChildDies() {
        Process a = f.fork(init, 0);
        assertEquals(Processes.BLOCKED, m.await(init));
        assertEquals(ProcessState.WAITS4CHILDDEATH, s(init));
        assertFalse(f.runnable.contains(init.pid()));
        m.kill(a, 7);
        assertEquals(ProcessState.RUNNING, s(init));
        assertEquals(7, init.registers().returnValue());
        assertEquals(ProcessState.FORGOTTEN, s(a));
    }

    @Test
    void awaitWithoutChildrenReturnsAtOnce() {
        assertEquals(ExitCodes.NOTHING_TO_AWAIT, m.await(init));
        assertEquals(ProcessState.RUNNING, s(init));
    }

    @Test
    void awaitIgnoresTombstones() {
        Process a = f.fork(init, 0);
        Process grandchild = f.fork(a, 0);
        m.kill(a, 5);
        assertEquals(5, m.await(init));
        assertEquals(ProcessState.TOMBSTONE, s(a), "reaped, but kept for its child");
        assertEquals(ExitCodes.NOTHING_TO_AWAIT, m.await(init), "a tombstone is not waited for");
        assertTrue(grandchild.alive());
    }

    @Test
    void noreapChildrenAreNeverDelivered() {
        Process quiet = f.fork(init, ForkFlags.NOREAP);
        Process loud = f.fork(init, 0);
        m.kill(quiet, 1);
        assertEquals(ProcessState.FORGOTTEN, s(quiet), "a NOREAP child goes straight to tombstone and away");
        m.kill(loud, 2);
        assertEquals(2, m.await(init));
        assertEquals(ExitCodes.NOTHING_TO_AWAIT, m.await(init));
    }

    @Test
    void aTombstoneIsKeptWhileItHasLivingChildrenAndRemovedWithTheLast() {
        Process a = f.fork(init, 0);
        Process b = f.fork(a, 0);
        Process c = f.fork(a, 0);
        m.kill(a, 9);
        assertEquals(ProcessState.TOREAP, s(a), "its parent is alive and may await it");
        assertTrue(b.alive() && c.alive(), "children keep running");
        assertEquals(9, m.await(init));
        assertEquals(ProcessState.TOMBSTONE, s(a));
        m.kill(b, 0);
        assertEquals(ProcessState.FORGOTTEN, s(b), "parent dead: straight to tombstone, then away");
        assertEquals(ProcessState.TOMBSTONE, s(a), "one child left");
        m.kill(c, 0);
        assertEquals(ProcessState.FORGOTTEN, s(a), "the last child took the tombstone with it");
        assertNull(init.firstChild());
    }

    @Test
    void reapingCascadesUpThroughDeadAncestors() {
        Process a = f.fork(init, 0);
        Process b = f.fork(a, 0);
        Process c = f.fork(b, 0);
        Process d = f.fork(c, 0);
        m.kill(a, 1);
        m.kill(b, 2);
        m.kill(c, 3);
        assertEquals(ProcessState.TOREAP, s(a));
        assertEquals(ProcessState.TOMBSTONE, s(b));
        assertEquals(ProcessState.TOMBSTONE, s(c));
        m.kill(d, 4);
        assertEquals(ProcessState.FORGOTTEN, s(d));
        assertEquals(ProcessState.FORGOTTEN, s(c));
        assertEquals(ProcessState.FORGOTTEN, s(b));
        assertEquals(ProcessState.TOREAP, s(a), "a still waits for init");
        assertEquals(1, m.await(init));
        assertEquals(ProcessState.FORGOTTEN, s(a));
    }

    @Test
    void aDyingParentTurnsItsToreapChildrenIntoTombstones() {
        Process a = f.fork(init, 0);
        Process b = f.fork(a, 0);
        m.kill(b, 3);
        assertEquals(ProcessState.TOREAP, s(b));
        m.kill(a, 4);
        assertEquals(ProcessState.FORGOTTEN, s(b), "nobody can collect b any more");
        assertEquals(4, m.await(init));
    }

    @Test
    void filicideKillsDeepestFirstAndLeavesDirectChildrenAwaitable() {
        Process a = f.fork(init, 0);
        Process b = f.fork(a, 0);
        Process c = f.fork(b, 0);
        Process d = f.fork(init, 0);
        assertEquals(4, m.filicide(init, -1));
        assertTrue(f.exits.indexOf(c.pid() + ":-1") < f.exits.indexOf(b.pid() + ":-1"), f.exits.toString());
        assertTrue(f.exits.indexOf(b.pid() + ":-1") < f.exits.indexOf(a.pid() + ":-1"), f.exits.toString());
        assertTrue(b.noreap() && c.noreap(), "grandchildren are NOREAP");
        assertEquals(ProcessState.TOREAP, s(a));
        assertEquals(ProcessState.TOREAP, s(d));
        assertEquals(-1, m.await(init));
        assertEquals(-1, m.await(init));
        assertEquals(ExitCodes.NOTHING_TO_AWAIT, m.await(init));
    }

    // ------------------------------------------------------------------ init

    @Test
    void killingInitWithChildrenPanics() {
        f.fork(init, 0);
        assertThrows(KernelPanic.class, () -> m.kill(init, 0));
        assertTrue(f.panic.contains("init killed prematurely"));
        f.model.filicide(init, 0);   /* leave the model checkable */
    }

    @Test
    void initDyingLastShutsDown() {
        Process a = f.fork(init, 0);
        m.kill(a, 0);
        m.await(init);
        m.kill(init, 3);
        assertEquals(3L, f.shutdownCode);
        assertEquals(ProcessState.TOMBSTONE, s(init));
        assertEquals(0, m.liveProcesses());
    }

    // ------------------------------------------------------------------ sharing

    @Test
    void sharedHandleTablesCloseOnlyWithTheLastSharer() {
        int[] ends = f.pipe(init);
        Process t = f.fork(init, ForkFlags.SHAREHANDLE);
        assertSame(init.handleTable(), t.handleTable());
        assertEquals(2, init.handleTable().sharers());
        HandleTable table = t.handleTable();
        assertEquals(1, table.slot(ends[0]).refcount(), "shared, not copied");
        int[] more = f.pipe(t);
        assertTrue(init.handleTable().slot(more[1]) != null, "the parent sees the child's new handles");
        m.kill(t, 0);
        assertFalse(table.freed());
        assertEquals(2, m.handles().openPipes());
        m.await(init);
        Process plain = f.fork(init, 0);
        assertEquals(2, init.handleTable().slot(ends[0]).refcount(), "a plain fork copies: refcounts rise");
        m.kill(plain, 0);
        assertEquals(1, init.handleTable().slot(ends[0]).refcount());
        m.await(init);
    }

    @Test
    void sharedMemoryIsFreedOnlyWithTheLastSharer() {
        long before = f.machine.frames.freeFrames();
        Process t = f.fork(init, ForkFlags.SHAREMEM);
        assertSame(init.addressSpace(), t.addressSpace());
        assertTrue(t.sharesMemory());
        f.poke(t, 0, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, f.peek(init, 0, 3), "one address space");
        Process copy = f.fork(init, 0);
        f.poke(copy, 0, new byte[] {9});
        assertEquals(1, f.peek(init, 0, 1)[0], "a plain fork gets its own copy");
        m.kill(copy, 0);
        m.kill(t, 0);
        assertFalse(init.sharesMemory());
        m.await(init);
        m.await(init);
        m.freeForgotten();
        assertTrue(f.machine.frames.freeFrames() >= before - 4, "the copy's frames came back");
    }

    // ------------------------------------------------------------------ handles

    @Test
    void dupEdgeCases() {
        int[] p = f.pipe(init);
        assertEquals(1, p[0], "put starts at slot 1");
        assertEquals(2, p[1]);
        assertEquals(0, m.handleIds().dup(init, p[1], -1), "-1 takes the first free slot from 0");
        assertEquals(-Errno.EBADF, m.handleIds().dup(init, p[1], HandleTable.SIZE));
        assertEquals(-Errno.EBADF, m.handleIds().dup(init, 9, 3), "nothing in slot 9");
        assertEquals(p[1], m.handleIds().dup(init, p[1], p[1]), "onto itself");
        assertEquals(2, init.handleTable().slot(p[1]).refcount(), "slot 0 and slot 2");
        assertEquals(p[0], m.handleIds().dup(init, p[1], p[0]), "over an open handle");
        assertFalse(m.handles().openPipes() == 0);
        assertTrue(init.handleTable().slot(p[0]).writable, "slot now holds the write end");
        for (int i = 0; i < HandleTable.SIZE; i++) {
            m.handleIds().dup(init, p[1], i);
        }
        assertEquals(-Errno.EMFILE, m.handleIds().dup(init, p[1], -1));
        assertEquals(-Errno.EMFILE, m.pipes().create(init));
        assertEquals(0, m.handleIds().close(init, 5));
        assertEquals(-Errno.EBADF, m.handleIds().close(init, 5));
        assertSame(m.handleIds().handle(init, -2), oolong.kernel.handle.Handles.NULL_FS, "the null filesystem");
        assertSame(m.handleIds().handle(init, -3), m.handleIds().handle(init, -3), "one procfs handle per process");
    }

    // ------------------------------------------------------------------ pipes

    @Test
    void pipeTransfersStraightFromWriterToReader() {
        int[] p = f.pipe(init);
        Process w = f.fork(init, 0);
        f.poke(w, 0, "hello".getBytes());
        assertEquals(Processes.BLOCKED, m.pipes().write(w, p[1], Fixture.BUFFERS, 5));
        assertEquals(ProcessState.WAITS4PIPE, s(w));
        assertEquals(3, m.pipes().read(init, p[0], Fixture.BUFFERS + 100, 3), "min of both lengths");
        assertEquals("hel", new String(f.peek(init, 100, 3)));
        assertEquals(3, w.registers().returnValue(), "the writer learns how much went");
        assertEquals(ProcessState.RUNNING, s(w));
        m.kill(w, 0);
        m.await(init);
    }

    @Test
    void pipesRefuseTheWrongEndAndReportClosedPeers() {
        int[] p = f.pipe(init);
        assertEquals(-Errno.EBADF, m.pipes().read(init, p[1], Fixture.BUFFERS, 1));
        assertEquals(-Errno.EBADF, m.pipes().write(init, p[0], Fixture.BUFFERS, 1));
        assertEquals(-Errno.EBADF, m.pipes().read(init, 12, Fixture.BUFFERS, 1));
        assertEquals(-Errno.ENOSYS, m.pipes().read(init, -2, Fixture.BUFFERS, 1), "not a pipe");
        m.handleIds().close(init, p[0]);
        assertEquals(-Errno.EPIPE, m.pipes().write(init, p[1], Fixture.BUFFERS, 1));
        int[] q = f.pipe(init);
        m.handleIds().close(init, q[1]);
        assertEquals(0, m.pipes().read(init, q[0], Fixture.BUFFERS, 1), "end of data");
    }

    @Test
    void blockedProcessesLearnWhenThePeerCloses() {
        int[] p = f.pipe(init);
        Process reader = f.fork(init, 0);
        m.handleIds().close(reader, p[1]);
        assertEquals(Processes.BLOCKED, m.pipes().read(reader, p[0], Fixture.BUFFERS, 4));
        m.handleIds().close(init, p[1]);
        assertEquals(ProcessState.RUNNING, s(reader));
        assertEquals(0, reader.registers().returnValue(), "released with end of data");
        int[] q = f.pipe(init);
        Process writer = f.fork(init, 0);
        m.handleIds().close(writer, q[0]);
        assertEquals(Processes.BLOCKED, m.pipes().write(writer, q[1], Fixture.BUFFERS, 4));
        m.handleIds().close(init, q[0]);
        assertEquals(-Errno.EPIPE, writer.registers().returnValue());
        m.filicide(init, 0);
        m.await(init);
        m.await(init);
    }

    @Test
    void sixteenQueuedWritersAllReachTheReader() {
        int[] p = f.pipe(init);
        List<Process> writers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Process w = f.fork(init, 0);
            f.poke(w, 0, new byte[] {(byte) i});
            assertEquals(Processes.BLOCKED, m.pipes().write(w, p[1], Fixture.BUFFERS, 1));
            writers.add(w);
        }
        for (int i = 0; i < 16; i++) {
            assertEquals(1, m.pipes().read(init, p[0], Fixture.BUFFERS, 1));
            assertEquals(i, f.peek(init, 0, 1)[0], "in queue order");
        }
        for (Process w : writers) {
            assertEquals(ProcessState.RUNNING, s(w));
            m.kill(w, 0);
            m.await(init);
        }
    }

    @Test
    void badBuffersFailTheirOwnerOnly() {
        int[] p = f.pipe(init);
        Process w = f.fork(init, 0);
        assertEquals(Processes.BLOCKED, m.pipes().write(w, p[1], 0x1000, 4), "a kernel address as buffer");
        assertEquals(Processes.BLOCKED, m.pipes().read(init, p[0], Fixture.BUFFERS, 4), "the writer's fault: the reader waits on");
        assertEquals(ProcessState.RUNNING, s(w));
        assertEquals(-Errno.EFAULT, w.registers().returnValue());
        f.poke(w, 0, "ok".getBytes());
        assertEquals(2, m.pipes().write(w, p[1], Fixture.BUFFERS, 2));
        assertEquals(ProcessState.RUNNING, s(init));
        assertEquals(2, init.registers().returnValue());
        assertEquals("ok", new String(f.peek(init, 0, 2)));
        assertEquals(Processes.BLOCKED, m.pipes().read(w, p[0], Fixture.BUFFERS, 4));
        assertEquals(-Errno.EFAULT, m.pipes().write(init, p[1], 0x8000_0000_0000L, 4), "our own bad buffer");
        assertEquals(ProcessState.WAITS4PIPE, s(w), "the reader keeps its place");
        m.kill(w, 0);
        m.await(init);
    }

    // ------------------------------------------------------------------ waits released by kill

    @Test
    void aKilledProcessLeavesThePipeQueue() {
        int[] p = f.pipe(init);
        Process a = f.fork(init, 0);
        Process b = f.fork(init, 0);
        m.pipes().read(a, p[0], Fixture.BUFFERS, 1);
        m.pipes().read(b, p[0], Fixture.BUFFERS, 1);
        m.kill(a, 0);
        assertEquals(1, init.handleTable().slot(p[0]).pipe.queueLength());
        f.poke(init, 0, new byte[] {7});
        assertEquals(1, m.pipes().write(init, p[1], Fixture.BUFFERS, 1), "b is still there to read");
        m.kill(b, 0);
        m.await(init);
        m.await(init);
    }

    @Test
    void sleepersWakeInOrderAndAKilledSleeperLeavesTheQueue() {
        Process a = f.fork(init, 0);
        Process b = f.fork(init, 0);
        Process c = f.fork(init, 0);
        m.sleepers().sleep(a, 300);
        m.sleepers().sleep(b, 100);
        m.sleepers().sleep(c, 200);
        assertEquals(100, m.sleepers().nextDeadline());
        m.kill(b, 0);
        assertEquals(200, m.sleepers().nextDeadline());
        assertEquals(1, m.sleepers().wakeDue(250));
        assertEquals(ProcessState.RUNNING, s(c));
        assertEquals(ProcessState.WAITS4TIMER, s(a));
        assertEquals(1, m.sleepers().wakeDue(300));
        m.filicide(init, 0);
        for (int i = 0; i < 3; i++) {
            m.await(init);
        }
    }

    // ------------------------------------------------------------------ interrupts

    @Test
    void intrDivertsToTheHandlerSavingIpAndSp() {
        Process a = f.fork(init, 0);
        assertFalse(UserInterrupts.intr(a), "no handler");
        UserInterrupts.setHandler(a, 0x4000_2000L);
        FakeRegisters r = (FakeRegisters) a.registers();
        r.sp = Fixture.BUFFERS + 4096;
        r.ip = 0x4000_1234L;
        assertTrue(UserInterrupts.intr(a));
        assertEquals(0x4000_2000L, r.ip);
        long sp = Fixture.BUFFERS + 4096 - 128 - 16;
        assertEquals(sp, r.sp);
        long[] out = new long[1];
        a.addressSpace().readLong(sp, out);
        assertEquals(0x4000_1234L, out[0]);
        a.addressSpace().readLong(sp + 8, out);
        assertEquals(Fixture.BUFFERS + 4096, out[0]);
        r.sp = 0x2000;
        assertFalse(UserInterrupts.intr(a), "a stack the record cannot go on");
        m.kill(a, 0);
        m.await(init);
    }

    // ------------------------------------------------------------------ the check itself

    @Test
    void theCheckNoticesBrokenInvariants() {
        int[] p = f.pipe(init);
        Process a = f.fork(init, 0);
        m.handles().retain(init.handleTable().slot(p[0]));
        List<String> v = f.check();
        assertTrue(v.stream().anyMatch(x -> x.contains("refcount 3 but 2 references")), v.toString());
        m.handles().release(init.handleTable().slot(p[0]));
        a.parent = null;
        v = f.check();
        assertTrue(v.stream().anyMatch(x -> x.contains("names null as parent")), v.toString());
        a.parent = init;
        m.kill(a, 0);
        m.await(init);
    }

    @Test
    void everythingReturnsToTheBaselineWhenTheTreeDies() {
        for (int i = 0; i < 5; i++) {
            Process c = f.fork(init, i % 2 == 0 ? ForkFlags.SHAREHANDLE : 0);
            f.fork(c, ForkFlags.SHAREMEM);
            f.pipe(c);
        }
        m.filicide(init, 0);
        while (m.await(init) != ExitCodes.NOTHING_TO_AWAIT) {
            /* collect them all */
        }
        m.kill(init, 0);
        m.freeForgotten();
        assertEquals(0, m.liveProcesses());
        assertEquals(0, m.addressSpaces());
        assertEquals(0, m.handles().openHandles());
        assertEquals(0, m.handles().openPipes());
        assertEquals(0, m.handles().tables());
        assertEquals(f.registersAtStart + 1, FakeRegisters.live, "only init's registers remain (it is a tombstone root)");
        assertEquals(f.framesAtStart + 0, f.machine.frames.freeFrames() + 0, "every frame came back");
    }
}
