package oolong.api;

/**
 * Oolong's system calls: numbers shared by the kernel, user programs and the host tools.
 * The C view is boot/src/main/native/include/oolong/syscall.h; a test keeps the two equal.
 *
 * Calling convention (as on Linux x86-64): number in rax, arguments in rdi, rsi, rdx, r10, r8;
 * the result in rax, a negative {@link Errno} value on failure. Numbers start at 1000 so they
 * never collide with the two Linux calls musl's start-up code makes (arch_prctl,
 * set_tid_address), which the kernel emulates for every process.
 */
public final class Syscall {
    /** exit(code): ends the calling process; never returns. */
    public static final int EXIT = 1000;
    /** log_write(buf, len): writes text to the kernel console, tagged with the pid. */
    public static final int LOG_WRITE = 1001;
    /** clock_ns(): nanoseconds since boot. */
    public static final int CLOCK_NS = 1002;
    /** await(): the exit code of a child that died, waiting for one; -1 at once when none can be awaited. */
    public static final int AWAIT = 1003;
    /** fork(flags): {@link ForkFlags}; the child's pid in the parent, 0 in the child. */
    public static final int FORK = 1004;
    /** dup(from, to): copies a handle; to = -1 picks the first free slot; returns the slot. */
    public static final int DUP = 1005;
    /** read(handle, buf, len): bytes read (0 = end of data), blocking until a writer comes. */
    public static final int READ = 1006;
    /** write(handle, buf, len): bytes written, blocking until a reader comes. */
    public static final int WRITE = 1007;
    /** close(handle). */
    public static final int CLOSE = 1008;
    /** pipe(ends): writes two 32-bit handles to ends[0] (read end) and ends[1] (write end). */
    public static final int PIPE = 1009;
    /** sleep(ms). */
    public static final int SLEEP = 1010;
    /** memflag(addr, len, flags): {@link MemFlags}; maps, unmaps or finds user memory; returns the address. */
    public static final int MEMFLAG = 1011;
    /** filicide(): kills every descendant of the caller. */
    public static final int FILICIDE = 1012;
    /** intr(): diverts every descendant to its user interrupt handler. */
    public static final int INTR = 1013;
    /** intr_set(ip): registers the caller's user interrupt handler (0 removes it). */
    public static final int INTR_SET = 1014;
    /** spawn(argv, len): argv is NUL-separated, program name first; returns the new child's pid. */
    public static final int SPAWN = 1015;
    /** getpid(). */
    public static final int GETPID = 1016;
    /** yield(): lets the scheduler pick another process. */
    public static final int YIELD = 1017;
    /** getppid(): the parent's pid (0 for init). */
    public static final int GETPPID = 1018;
    /**
     * puppet_next(result, result_len, command, command_cap): a puppet reports the result of its
     * last command (JSON text; length 0 for none) and waits for the next one from the REPL, which
     * the kernel copies into command; returns the command's length.
     */
    public static final int PUPPET_NEXT = 1019;

    private Syscall() {
    }
}
