package oolong.kernel.platform;

/**
 * A process's user-mode registers, saved when it entered the kernel (a system call, an interrupt or
 * a fault) and loaded again when it goes back. Registers are named by index; an index times 8 is
 * the register's offset in the C layer's struct user_context (boot/src/main/native/include/oolong/
 * cpu.h; a host test checks that they agree), so the x86 implementation reads a saved register
 * with one load. A system call's number and result are in RAX, its arguments in RDI, RSI, RDX,
 * R10 and R8 (Linux's convention).
 */
public interface UserRegisters {
    int RAX = 0;
    int RBX = 1;
    int RCX = 2;
    int RDX = 3;
    int RSI = 4;
    int RDI = 5;
    int RBP = 6;
    int R8 = 7;
    int R9 = 8;
    int R10 = 9;
    int R11 = 10;
    int R12 = 11;
    int R13 = 12;
    int R14 = 13;
    int R15 = 14;
    int RIP = 15;
    int RSP = 16;
    int RFLAGS = 17;
    /** The FS base (musl's thread pointer in the user image). */
    int FS_BASE = 18;
    /** How the process came back ({@link Platform#TRAP_SYSCALL}, ...), written by the C entry code. */
    int EVENT = 19;
    /** For a fault: the CPU exception's vector, its error code, and CR2 (a page fault's address). */
    int VECTOR = 20;
    int ERROR = 21;
    int CR2 = 22;

    long get(int register);

    void set(int register, long value);

    /** What the system call the process is in (or will return from) returns: the seed's regs_savereturn. */
    default void setReturnValue(long value) {
        set(RAX, value);
    }

    default long returnValue() {
        return get(RAX);
    }

    default long instructionPointer() {
        return get(RIP);
    }

    default void setInstructionPointer(long ip) {
        set(RIP, ip);
    }

    default long stackPointer() {
        return get(RSP);
    }

    default void setStackPointer(long sp) {
        set(RSP, sp);
    }

    /** A copy for a forked child (the whole state, x87/SSE included); null when there is no memory for it. */
    UserRegisters copy();

    /** Gives back what the registers occupy (the process has been freed); a second call does nothing. */
    void release();
}
