package oolong.user.sys;

import java.nio.charset.StandardCharsets;
import oolong.api.Syscall;
import org.teavm.interop.Address;
import org.teavm.interop.Import;
import org.teavm.interop.c.Include;

/**
 * System calls for Java user programs. Each method makes exactly one system call (see
 * {@link Syscall} for what each does); results are the kernel's: a negative value is
 * {@code -errno} ({@link oolong.api.Errno}).
 *
 * Buffers are passed by the address of a Java array's data. That is safe because nothing
 * allocates between taking the address and the system call, so the moving GC cannot run.
 */
public final class Sys {
    private static final String HEADER = "oolong/usersys.h";

    private Sys() {
    }

    @Import(name = "u_syscall") @Include(value = HEADER, isSystem = false)
    private static native long syscall(int nr, long a1, long a2, long a3, long a4, long a5);

    /** Flushes the runtime's line-buffered console (fork and exit do it first). */
    @Import(name = "u_flush_console") @Include(value = HEADER, isSystem = false)
    public static native void flushConsole();

    /**
     * Reads one byte from the handle into a C local on the stack and drops it; returns what
     * {@link #read} returns (1, 0 at end of file, or -errno). A wait for a signal byte that, unlike
     * a read into a Java array, writes no heap page: after a fork that page would be copied for
     * the parent and the child would keep the old one (docs/memory.md).
     */
    @Import(name = "u_read_byte") @Include(value = HEADER, isSystem = false)
    public static native long readByte(int handle);

    /** How many times this process was diverted to its user interrupt handler (see {@link #intrSet}). */
    @Import(name = "u_interrupt_count") @Include(value = HEADER, isSystem = false)
    public static native long interruptCount();

    /** The address of the runtime's interrupt handler, to pass to {@link #intrSet}. */
    @Import(name = "u_interrupt_handler") @Include(value = HEADER, isSystem = false)
    public static native long interruptHandler();

    /**
     * Forks a SHAREMEM child (a thread) that stores value at address and exits without using the
     * stack or the heap it shares with us; returns the child's pid (or -errno). Java code cannot
     * run in such a child: it would share this process's stack and Java heap.
     */
    @Import(name = "u_shared_memory_store") @Include(value = HEADER, isSystem = false)
    public static native long sharedMemoryStore(long address, long value);

    /**
     * Thread creation, as the seed's user library does it: forks with the flags (SHAREMEM among
     * them); the child runs the thread puppet (C, user/thread_puppet.c) on the given stack, which
     * it unmaps when it exits. Returns the child's pid (or -errno).
     */
    @Import(name = "u_thread_fork") @Include(value = HEADER, isSystem = false)
    public static native long threadFork(int flags, long stack, long stackBytes);

    /**
     * Checks the system-call ABI's x87/SSE rules from ring 3 (user/syscalls.c): 0 when the control
     * words survived a blocking call and the data registers came back cleared, else which check failed.
     */
    @Import(name = "u_fpu_abi_check") @Include(value = HEADER, isSystem = false)
    public static native int fpuAbiCheck();

    /** Faults on purpose, for tests: see {@link Crash}. Returns only for an unknown kind. */
    @Import(name = "u_crash") @Include(value = HEADER, isSystem = false)
    public static native int crash(int kind);

    /** Any system call with raw arguments (tests use it for bad numbers and pointers). */
    public static long raw(int nr, long a1, long a2, long a3) {
        return syscall(nr, a1, a2, a3, 0, 0);
    }

    public static long raw5(int nr, long a1, long a2, long a3, long a4, long a5) {
        return syscall(nr, a1, a2, a3, a4, a5);
    }

    public static void exit(int code) {
        flushConsole();
        syscall(Syscall.EXIT, code, 0, 0, 0, 0);
        throw new IllegalStateException("exit returned");
    }

    public static long await() {
        return syscall(Syscall.AWAIT, 0, 0, 0, 0, 0);
    }

    public static long fork(int flags) {
        flushConsole();
        return syscall(Syscall.FORK, flags, 0, 0, 0, 0);
    }

    public static long dup(int from, int to) {
        return syscall(Syscall.DUP, from, to, 0, 0, 0);
    }

    public static long read(int handle, byte[] buf, int offset, int length) {
        checkRange(buf, offset, length);
        return syscall(Syscall.READ, handle, Address.ofData(buf).add(offset).toLong(), length, 0, 0);
    }

    public static long write(int handle, byte[] buf, int offset, int length) {
        checkRange(buf, offset, length);
        return syscall(Syscall.WRITE, handle, Address.ofData(buf).add(offset).toLong(), length, 0, 0);
    }

    public static long write(int handle, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return write(handle, b, 0, b.length);
    }

    public static long close(int handle) {
        return syscall(Syscall.CLOSE, handle, 0, 0, 0, 0);
    }

    /** Creates a pipe; on success ends[0] is the read end and ends[1] the write end. */
    public static long pipe(int[] ends) {
        if (ends.length < 2) {
            throw new IllegalArgumentException("ends must hold two handles");
        }
        return syscall(Syscall.PIPE, Address.ofData(ends).toLong(), 0, 0, 0, 0);
    }

    public static long sleep(long ms) {
        return syscall(Syscall.SLEEP, ms, 0, 0, 0, 0);
    }

    public static long memflag(long address, long length, int flags) {
        return syscall(Syscall.MEMFLAG, address, length, flags, 0, 0);
    }

    public static long filicide() {
        return syscall(Syscall.FILICIDE, 0, 0, 0, 0, 0);
    }

    public static long intr() {
        return syscall(Syscall.INTR, 0, 0, 0, 0, 0);
    }

    public static long intrSet(long handler) {
        return syscall(Syscall.INTR_SET, handler, 0, 0, 0, 0);
    }

    /** Starts a program of the user image as a child: argv[0] names the program. */
    public static long spawn(String... argv) {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            sb.append(a).append('\0');
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        return syscall(Syscall.SPAWN, Address.ofData(b).toLong(), b.length, 0, 0, 0);
    }

    public static int getpid() {
        return (int) syscall(Syscall.GETPID, 0, 0, 0, 0, 0);
    }

    public static int getppid() {
        return (int) syscall(Syscall.GETPPID, 0, 0, 0, 0, 0);
    }

    public static void yield() {
        syscall(Syscall.YIELD, 0, 0, 0, 0, 0);
    }

    public static long clockNanos() {
        return syscall(Syscall.CLOCK_NS, 0, 0, 0, 0, 0);
    }

    private static void checkRange(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset > buf.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + buf.length);
        }
    }
}
