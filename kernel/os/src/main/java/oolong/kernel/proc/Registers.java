package oolong.kernel.proc;

/**
 * A process's saved user registers, as far as the process model touches them. The kernel's
 * implementation is a context frame (oolong.kernel.arch.UserContext); tests use a plain object.
 */
public interface Registers {
    /** What the system call the process is in (or will return from) returns: the seed's regs_savereturn. */
    void setReturnValue(long value);

    long returnValue();

    long instructionPointer();

    void setInstructionPointer(long ip);

    long stackPointer();

    void setStackPointer(long sp);

    /** A copy for a forked child; null when there is no memory for it. */
    Registers copy();

    /** Gives back what the registers occupy (the process has been freed). */
    void release();
}
