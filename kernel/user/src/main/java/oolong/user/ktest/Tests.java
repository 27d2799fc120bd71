package oolong.user.ktest;

import java.util.ArrayList;
import java.util.List;
import oolong.api.Errno;
import oolong.api.ExitCodes;
import oolong.api.ForkFlags;
import oolong.api.MemFlags;
import oolong.api.Syscall;
import oolong.user.sys.Crash;
import oolong.user.sys.Sys;
import org.teavm.interop.Address;

/** The ktest cases. Each runs in its own process; it fails by throwing {@link Failure}. */
final class Tests {
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }

    interface Body {
        void run();
    }

    static final class Case {
        final String name;
        final Body body;

        Case(String name, Body body) {
            this.name = name;
            this.body = body;
        }
    }

    private Tests() {
    }

    static List<Case> all() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("await: each of 16 children's exit codes exactly once", Tests::awaitSixteen));
        c.add(new Case("await: returns -1 at once with no children", Tests::awaitNothing));
        c.add(new Case("await: does not wait for a tombstone", Tests::awaitIgnoresTombstones));
        c.add(new Case("await: NOREAP children are never delivered", Tests::awaitSkipsNoreap));
        c.add(new Case("pipe: refuses the wrong end", Tests::pipeWrongEnd));
        c.add(new Case("pipe: a closed peer is reported to readers and writers", Tests::pipeClosedPeer));
        c.add(new Case("pipe: 16 queued writers all reach the reader", Tests::pipeSixteenWriters));
        c.add(new Case("pipe: 16 queued readers all get data", Tests::pipeSixteenReaders));
        c.add(new Case("dup: first free slot, EBADF, EMFILE, replace, self", Tests::dupSemantics));
        c.add(new Case("memflag: map, unmap, find free", Tests::memflag));
        c.add(new Case("memflag: touching an unmapped page kills only the child", Tests::memflagUnmappedKills));
        c.add(new Case("sleep: sleepers wake in order", Tests::sleepersInOrder));
        c.add(new Case("sleep: killing a sleeper does not stop the others", Tests::killedSleeper));
        c.add(new Case("faults: #PF, #GP, #UD and #DE kill only the faulting process", Tests::faultsKillOnlyTheChild));
        c.add(new Case("syscall: an invalid number fails with ENOSYS", Tests::invalidSyscall));
        c.add(new Case("syscall: bad and non-canonical pointers give EFAULT", Tests::badPointers));
        c.add(new Case("syscall: x87/SSE control words kept, data registers cleared", Tests::fpuAcrossSyscalls));
        c.add(new Case("fork: SHAREHANDLE shares the handle table", Tests::shareHandle));
        c.add(new Case("fork: memory is copied, SHAREMEM shares it", Tests::forkMemory));
        c.add(new Case("fork: shared page tables keep copy-on-write and unmapping per process", Tests::sharedPageTables));
        c.add(new Case("intr: a child is diverted to its handler", Tests::intr));
        c.add(new Case("spawn: runs a program; await returns its status", Tests::spawn));
        c.add(new Case("filicide: kills every descendant, deepest first", Tests::filicide));
        return c;
    }

    // ------------------------------------------------------------------ helpers

    static void expect(boolean condition, String what) {
        if (!condition) {
            throw new Failure(what);
        }
    }

    static void expectEquals(long expected, long actual, String what) {
        if (expected != actual) {
            throw new Failure(what + ": expected " + describe(expected) + " but got " + describe(actual));
        }
    }

    static String describe(long v) {
        return v < 0 && v > -200 ? v + " (" + Errno.name(v) + ")" : Long.toString(v);
    }

    /** Forks a child that runs the body and exits with its return value. */
    static long child(java.util.function.IntSupplier body) {
        long pid = Sys.fork(0);
        if (pid == 0) {
            Sys.exit(body.getAsInt());
        }
        expect(pid > 0, "fork failed: " + describe(pid));
        return pid;
    }

    static int[] pipe() {
        int[] ends = new int[2];
        expectEquals(0, Sys.pipe(ends), "pipe");
        return ends;
    }

    // ------------------------------------------------------------------ await

    static void awaitSixteen() {
        for (int i = 0; i < 16; i++) {
            int code = 100 + i;
            child(() -> code);
        }
        boolean[] seen = new boolean[16];
        for (int i = 0; i < 16; i++) {
            long code = Sys.await();
            expect(code >= 100 && code < 116, "await returned " + code);
            expect(!seen[(int) code - 100], "code " + code + " delivered twice");
            seen[(int) code - 100] = true;
        }
        expectEquals(ExitCodes.NOTHING_TO_AWAIT, Sys.await(), "await after the last child");
    }

    static void awaitNothing() {
        long t0 = Sys.clockNanos();
        expectEquals(ExitCodes.NOTHING_TO_AWAIT, Sys.await(), "await without children");
        expect(Sys.clockNanos() - t0 < 500_000_000L, "await without children should not block");
    }

    static void awaitIgnoresTombstones() {
        child(() -> {
            child(() -> {
                Sys.sleep(2_000);
                return 0;
            });
            return 5;     /* dies while its child sleeps: a tombstone once reaped */
        });
        expectEquals(5, Sys.await(), "the child's code");
        long t0 = Sys.clockNanos();
        expectEquals(ExitCodes.NOTHING_TO_AWAIT, Sys.await(), "await with only a tombstone child");
        expect(Sys.clockNanos() - t0 < 1_000_000_000L, "await must not wait for the tombstone's child");
    }

    static void awaitSkipsNoreap() {
        long pid = Sys.fork(ForkFlags.NOREAP);
        if (pid == 0) {
            Sys.exit(7);
        }
        child(() -> 8);
        expectEquals(8, Sys.await(), "only the reapable child is delivered");
        expectEquals(ExitCodes.NOTHING_TO_AWAIT, Sys.await(), "the NOREAP child is never delivered");
    }

    // ------------------------------------------------------------------ pipes

    static void pipeWrongEnd() {
        int[] p = pipe();
        byte[] b = new byte[4];
        long r = Sys.read(p[1], b, 0, 4);
        expect(r < 0, "reading the write end must fail, got " + describe(r));
        long w = Sys.write(p[0], b, 0, 4);
        expect(w < 0, "writing the read end must fail, got " + describe(w));
    }

    static void pipeClosedPeer() {
        int[] p = pipe();
        Sys.close(p[0]);
        expectEquals(-Errno.EPIPE, Sys.write(p[1], "x"), "write with the read end closed");
        int[] q = pipe();
        child(() -> Sys.write(q[1], "x") == 1 ? 0 : 1);              /* a write waits for its reader */
        expectEquals(1, Sys.readByte(q[0]), "readByte takes a byte (into a stack local)");
        expectEquals(0, Sys.await(), "the writer's write returned 1");
        Sys.close(q[1]);
        long t0 = Sys.clockNanos();
        long r = Sys.read(q[0], new byte[4], 0, 4);
        expect(r <= 0, "read with the write end closed returns end-of-data or an error, got " + describe(r));
        expect(Sys.readByte(q[0]) <= 0, "readByte with the write end closed");
        expect(Sys.clockNanos() - t0 < 500_000_000L, "read with no writer must not block");
        /* a reader blocked when the last writer closes is released too */
        int[] s = pipe();
        child(() -> {
            Sys.close(s[1]);
            long n = Sys.read(s[0], new byte[4], 0, 4);
            return n <= 0 ? 0 : 1;
        });
        Sys.sleep(100);
        Sys.close(s[1]);
        Sys.close(s[0]);
        expectEquals(0, Sys.await(), "the blocked reader saw the writer go");
    }

    static void pipeSixteenWriters() {
        int[] p = pipe();
        for (int i = 0; i < 16; i++) {
            byte id = (byte) i;
            child(() -> Sys.write(p[1], new byte[] {id}, 0, 1) == 1 ? 0 : 1);
        }
        Sys.sleep(50);
        boolean[] seen = new boolean[16];
        byte[] b = new byte[1];
        for (int i = 0; i < 16; i++) {
            expectEquals(1, Sys.read(p[0], b, 0, 1), "read " + i);
            expect(b[0] >= 0 && b[0] < 16 && !seen[b[0]], "byte " + b[0] + " unexpected or repeated");
            seen[b[0]] = true;
        }
        for (int i = 0; i < 16; i++) {
            expectEquals(0, Sys.await(), "writer exit code");
        }
    }

    static void pipeSixteenReaders() {
        int[] p = pipe();
        for (int i = 0; i < 16; i++) {
            child(() -> {
                byte[] b = new byte[1];
                return Sys.read(p[0], b, 0, 1) == 1 && b[0] == 42 ? 0 : 1;
            });
        }
        Sys.sleep(50);
        for (int i = 0; i < 16; i++) {
            expectEquals(1, Sys.write(p[1], new byte[] {42}, 0, 1), "write " + i);
        }
        for (int i = 0; i < 16; i++) {
            expectEquals(0, Sys.await(), "reader exit code");
        }
    }

    // ------------------------------------------------------------------ handles

    static void dupSemantics() {
        int[] p = pipe();
        long copy = Sys.dup(p[1], -1);
        expect(copy >= 0 && copy != p[0] && copy != p[1], "dup to the first free slot gave " + describe(copy));
        expectEquals(-Errno.EBADF, Sys.dup(p[1], 16), "dup to slot 16");
        expectEquals(p[1], Sys.dup(p[1], p[1]), "dup onto itself");
        expectEquals(p[0], Sys.dup(p[1], p[0]), "dup over an open handle");
        expectEquals(-Errno.EPIPE, Sys.write(p[0], "y"), "the slot now holds the write end, and the read end is gone");
        int filled = 0;
        long last;
        while ((last = Sys.dup(p[1], -1)) >= 0) {
            filled++;
            expect(filled <= 16, "more than 16 handles");
        }
        expectEquals(-Errno.EMFILE, last, "dup into a full table");
        expectEquals(0, Sys.close(p[0]), "close one");
        expectEquals(p[0], Sys.dup(p[1], -1), "the freed slot is reused");
    }

    // ------------------------------------------------------------------ memory

    static final long PAGE = 4096;

    static void memflag() {
        long base = Sys.memflag(0x6000_0000L, 4 * PAGE, MemFlags.FINDFREE | MemFlags.PRESENT);
        expect(base >= 0x4000_0000L, "find free and map gave " + describe(base));
        Address a = Address.fromLong(base);
        expectEquals(0, a.getLong(), "fresh pages are zeroed");
        a.add(3 * PAGE).putLong(0x1234);
        expectEquals(0x1234, a.add(3 * PAGE).getLong(), "write and read back");
        long other = Sys.memflag(base, 4 * PAGE, MemFlags.FINDFREE);
        expect(other >= 0 && (other + 4 * PAGE <= base || other >= base + 4 * PAGE),
                "find free must not return a mapped range: " + Long.toHexString(other));
        expectEquals(base, Sys.memflag(base, 4 * PAGE, 0), "unmap");
        long again = Sys.memflag(base, PAGE, MemFlags.PRESENT);
        expectEquals(base, again, "map at a fixed address");
        expectEquals(0, Address.fromLong(base).getLong(), "remapped page is zeroed again");
        expect(Sys.memflag(0x1000, PAGE, MemFlags.PRESENT) < 0, "mapping kernel memory must fail");
    }

    /**
     * After a fork parent and children share their page tables until one changes a page (the
     * kernel copies the table first): writes, unmaps and maps in one process never show in another.
     */
    static void sharedPageTables() {
        int pages = 64;
        long base = Sys.memflag(0x6000_0000L, pages * PAGE, MemFlags.FINDFREE | MemFlags.PRESENT);
        expect(base > 0, "map " + describe(base));
        for (int i = 0; i < pages; i++) {
            Address.fromLong(base + i * PAGE).putLong(1000 + i);
        }
        child(() -> {                                   /* writes every page: all copies */
            for (int i = 0; i < pages; i++) {
                Address.fromLong(base + i * PAGE).putLong(2000 + i);
            }
            for (int i = 0; i < pages; i++) {
                if (Address.fromLong(base + i * PAGE).getLong() != 2000 + i) {
                    return 1;
                }
            }
            return 0;
        });
        child(() -> {                                   /* unmaps half, maps one page anew */
            if (Sys.memflag(base, pages / 2 * PAGE, 0) != base || Sys.memflag(base, PAGE, MemFlags.PRESENT) != base) {
                return 2;
            }
            return Address.fromLong(base).getLong() == 0 && Address.fromLong(base + (pages - 1) * PAGE).getLong() == 1000 + pages - 1 ? 0 : 3;
        });
        child(() -> {                                   /* only reads: sees the values from before its fork */
            for (int i = 0; i < pages; i++) {
                if (Address.fromLong(base + i * PAGE).getLong() != 1000 + i) {
                    return 4;
                }
            }
            return 0;
        });
        for (int i = 0; i < 3; i++) {
            expectEquals(0, Sys.await(), "a child's view of its memory");
        }
        for (int i = 0; i < pages; i++) {
            expectEquals(1000 + i, Address.fromLong(base + i * PAGE).getLong(), "the parent's page " + i);
        }
        Address.fromLong(base).putLong(7);
        expectEquals(7, Address.fromLong(base).getLong(), "the parent writes after its children are gone");
        expectEquals(base, Sys.memflag(base, pages * PAGE, 0), "unmap");
    }

    static void memflagUnmappedKills() {
        long base = Sys.memflag(0x6000_0000L, PAGE, MemFlags.FINDFREE | MemFlags.PRESENT);
        Sys.memflag(base, PAGE, 0);
        child(() -> (int) Address.fromLong(base).getLong());
        expectEquals(ExitCodes.PAGE_FAULT, Sys.await(), "exit code of the child that touched an unmapped page");
    }

    // ------------------------------------------------------------------ sleep

    static void sleepersInOrder() {
        int[] p = pipe();
        long[] delays = {300, 100, 200};
        for (int i = 0; i < 3; i++) {
            long ms = delays[i];
            byte id = (byte) i;
            child(() -> {
                Sys.sleep(ms);
                return Sys.write(p[1], new byte[] {id}, 0, 1) == 1 ? 0 : 1;
            });
        }
        byte[] order = new byte[3];
        byte[] b = new byte[1];
        for (int i = 0; i < 3; i++) {
            expectEquals(1, Sys.read(p[0], b, 0, 1), "read");
            order[i] = b[0];
        }
        expect(order[0] == 1 && order[1] == 2 && order[2] == 0,
                "wake order " + order[0] + "," + order[1] + "," + order[2] + " (expected 1,2,0)");
        for (int i = 0; i < 3; i++) {
            expectEquals(0, Sys.await(), "sleeper exit");
        }
    }

    static void killedSleeper() {
        child(() -> {
            Sys.sleep(300);
            return 11;
        });
        child(() -> {
            child(() -> {
                Sys.sleep(100);      /* killed while asleep, before the other wakes */
                return 12;
            });
            Sys.sleep(20);
            Sys.filicide();
            return 13;
        });
        long a = Sys.await();
        long b = Sys.await();
        expect((a == 11 && b == 13) || (a == 13 && b == 11), "codes " + a + " and " + b + " (expected 11 and 13)");
    }

    // ------------------------------------------------------------------ faults

    static void faultsKillOnlyTheChild() {
        int[][] cases = {
            {Crash.PAGE_FAULT, ExitCodes.PAGE_FAULT},
            {Crash.KERNEL_WRITE, ExitCodes.PAGE_FAULT},
            {Crash.STACK_OVERFLOW, ExitCodes.PAGE_FAULT},
            {Crash.GENERAL_PROTECTION, ExitCodes.GENERAL_PROTECTION},
            {Crash.PRIVILEGED, ExitCodes.GENERAL_PROTECTION},
            {Crash.PORT_IO, ExitCodes.GENERAL_PROTECTION},
            {Crash.INVALID_OPCODE, ExitCodes.INVALID_OPCODE},
            {Crash.DIVIDE_ERROR, ExitCodes.DIVIDE_ERROR},
        };
        for (int[] c : cases) {
            int kind = c[0];
            child(() -> {
                Sys.crash(kind);
                return 0;
            });
            expectEquals(c[1], Sys.await(), "exit code of a child crashing with kind " + kind);
        }
    }

    static void invalidSyscall() {
        expectEquals(-Errno.ENOSYS, Sys.raw(4242, 0, 0, 0), "syscall 4242");
        expectEquals(-Errno.ENOSYS, Sys.raw(-1, 0, 0, 0), "syscall -1");
        expectEquals(-Errno.ENOSYS, Sys.raw(60, 0, 0, 0), "Linux's exit number");
    }

    /** While children run (each with its own x87/SSE state loaded), the parent's calls keep its control words. */
    static void fpuAcrossSyscalls() {
        for (int i = 0; i < 3; i++) {
            child(() -> {
                for (int j = 0; j < 20; j++) {
                    Sys.yield();
                }
                return Sys.fpuAbiCheck();
            });
        }
        for (int i = 0; i < 5; i++) {
            expectEquals(0, Sys.fpuAbiCheck(), "check " + i + " (1 call failed, 2 MXCSR, 3 FCW, 4 XMM not cleared)");
        }
        for (int i = 0; i < 3; i++) {
            expectEquals(0, Sys.await(), "a child's own check");
        }
    }

    static void badPointers() {
        expectEquals(-Errno.EFAULT, Sys.raw(Syscall.LOG_WRITE, 0x1000, 16, 0), "log_write from kernel memory");
        expectEquals(-Errno.EFAULT, Sys.raw(Syscall.LOG_WRITE, 0x7FFF_0000_0000L, 16, 0), "log_write from unmapped memory");
        expectEquals(-Errno.EFAULT, Sys.raw(Syscall.LOG_WRITE, 0x8000_0000_0000L, 16, 0), "log_write, non-canonical");
        expectEquals(-Errno.EFAULT, Sys.raw(Syscall.LOG_WRITE, -4096L, 16, 0), "log_write from the top of memory");
        expectEquals(-Errno.EFAULT, Sys.raw(Syscall.PIPE, 0x2000, 0, 0), "pipe into kernel memory");
        expectEquals(-Errno.EFAULT, Sys.raw(Syscall.SPAWN, 0x8000_0000_0000L, 5, 0), "spawn with a non-canonical argv");
        int[] p = pipe();
        child(() -> (int) -Sys.raw(Syscall.READ, p[0], 0x3000, 8));
        Sys.close(p[0]);
        Sys.sleep(20);
        /* the reader's buffer is bad: it gets EFAULT, the data stays unread, and once the reader
           is gone there is no read end left */
        expectEquals(-Errno.EPIPE, Sys.write(p[1], "z"), "write when the only reader had a bad buffer");
        expectEquals(Errno.EFAULT, Sys.await(), "read into kernel memory");
    }

    // ------------------------------------------------------------------ fork

    static void shareHandle() {
        long pid = Sys.fork(ForkFlags.SHAREHANDLE);
        if (pid == 0) {
            int[] ends = new int[2];
            Sys.exit(Sys.pipe(ends) == 0 ? ends[0] * 100 + ends[1] : -1);
        }
        long code = Sys.await();
        expect(code > 0, "child's pipe failed: " + code);
        int r = (int) code / 100;
        int w = (int) code % 100;
        expectEquals(0, Sys.close(r), "the child's read end is in the parent's table");
        expectEquals(0, Sys.close(w), "the child's write end is in the parent's table");
        long plain = Sys.fork(0);
        if (plain == 0) {
            int[] ends = new int[2];
            Sys.pipe(ends);
            Sys.exit(ends[0]);
        }
        long slot = Sys.await();
        expectEquals(-Errno.EBADF, Sys.close((int) slot), "a plain fork's new handle is not ours");
    }

    static void forkMemory() {
        long base = Sys.memflag(0x6000_0000L, PAGE, MemFlags.FINDFREE | MemFlags.PRESENT);
        Address a = Address.fromLong(base);
        a.putLong(1);
        child(() -> {
            Address.fromLong(base).putLong(2);
            return (int) Address.fromLong(base).getLong();
        });
        expectEquals(2, Sys.await(), "the child saw its own write");
        expectEquals(1, a.getLong(), "a plain fork's write is invisible to the parent");
        /* a SHAREMEM child shares the stack and the Java heap too, so it must not run Java: the
           helper's child stores the value and exits without touching either */
        long pid = Sys.sharedMemoryStore(base, 3);
        expect(pid > 0, "SHAREMEM fork failed: " + describe(pid));
        expectEquals(0, Sys.await(), "SHAREMEM child");
        expectEquals(3, a.getLong(), "a SHAREMEM child's write is visible to the parent");
    }

    // ------------------------------------------------------------------ interrupts, spawn, filicide

    static void intr() {
        int[] p = pipe();
        child(() -> {
            Sys.intrSet(Sys.interruptHandler());
            Sys.write(p[1], "r");
            /* wait without spinning: under the seed's policy a spinning child would keep the CPU */
            for (int i = 0; i < 500 && Sys.interruptCount() == 0; i++) {
                Sys.sleep(10);
            }
            return Sys.interruptCount() == 1 ? 0 : 1;
        });
        expectEquals(1, Sys.read(p[0], new byte[1], 0, 1), "child ready");
        Sys.sleep(20);
        expectEquals(0, Sys.intr(), "intr");
        expectEquals(0, Sys.await(), "the child noticed the interrupt");
        expectEquals(-Errno.EFAULT, Sys.intrSet(0x1000), "a handler in kernel memory is refused");
    }

    static void spawn() {
        long pid = Sys.spawn("sleeper", "10");
        expect(pid > 0, "spawn sleeper: " + describe(pid));
        expectEquals(0, Sys.await(), "sleeper's status");
        expectEquals(-Errno.ENOENT, Sys.spawn("no-such-program"), "spawning a program the image does not have");
    }

    static void filicide() {
        int[] p = pipe();
        child(() -> {
            child(() -> {
                child(() -> {
                    Sys.sleep(60_000);
                    return 0;
                });
                Sys.sleep(60_000);
                return 0;
            });
            Sys.write(p[1], "g");
            Sys.sleep(60_000);
            return 0;
        });
        expectEquals(1, Sys.read(p[0], new byte[1], 0, 1), "tree ready");
        Sys.sleep(50);
        expectEquals(0, Sys.filicide(), "filicide");
        expectEquals(ExitCodes.KILLED, Sys.await(), "the direct child's code");
        expectEquals(ExitCodes.NOTHING_TO_AWAIT, Sys.await(), "grandchildren are not ours to await");
    }
}
