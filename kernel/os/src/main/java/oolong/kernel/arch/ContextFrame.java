package oolong.kernel.arch;

import oolong.kernel.mem.FrameAllocator;
import oolong.kernel.proc.Registers;

/**
 * A process's saved registers in a frame of its own ({@link UserContext}'s layout): what the
 * process model sees as {@link Registers}. The frame comes from the frame allocator and goes back
 * when the process is freed.
 */
public final class ContextFrame implements Registers {
    private final FrameAllocator frames;
    private final UserContext context;
    private boolean released;

    private ContextFrame(FrameAllocator frames, long frame) {
        this.frames = frames;
        this.context = new UserContext(frame);
    }

    /** A fresh context starting at ip with stack sp; null when no frame is left. */
    public static ContextFrame create(FrameAllocator frames, long ip, long sp) {
        long f = frames.allocate();
        if (f < 0) {
            return null;
        }
        ContextFrame c = new ContextFrame(frames, f);
        c.context.reset(ip, sp);
        return c;
    }

    public UserContext context() {
        return context;
    }

    public long address() {
        return context.address();
    }

    public long get(int offset) {
        return context.get(offset);
    }

    public void set(int offset, long value) {
        context.set(offset, value);
    }

    @Override
    public void setReturnValue(long value) {
        context.set(UserContext.RAX, value);
    }

    @Override
    public long returnValue() {
        return context.get(UserContext.RAX);
    }

    @Override
    public long instructionPointer() {
        return context.get(UserContext.RIP);
    }

    @Override
    public void setInstructionPointer(long ip) {
        context.set(UserContext.RIP, ip);
    }

    @Override
    public long stackPointer() {
        return context.get(UserContext.RSP);
    }

    @Override
    public void setStackPointer(long sp) {
        context.set(UserContext.RSP, sp);
    }

    @Override
    public Registers copy() {
        long f = frames.allocate();
        if (f < 0) {
            return null;
        }
        Cpu.memcopy(f, context.address(), UserContext.SIZE);
        return new ContextFrame(frames, f);
    }

    @Override
    public void release() {
        if (!released) {
            released = true;
            frames.release(context.address());
        }
    }
}
