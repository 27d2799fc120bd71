package oolong.kernel.arch;

import oolong.kernel.platform.ContextSlots;
import oolong.kernel.platform.UserRegisters;

/**
 * A process's saved registers in a slot of a frame, laid out as {@link UserContext}: the x86 side
 * of {@link UserRegisters}. The C entry code writes the slot when the process traps and
 * {@link Cpu#runUser} loads it; the slot comes from {@link ContextSlots} (five to a frame of the
 * kernel's frame allocator) and goes back when the process is freed.
 */
public final class ContextFrame implements UserRegisters {
    private final ContextSlots slots;
    private final UserContext context;
    private boolean released;

    private ContextFrame(ContextSlots slots, long frame) {
        this.slots = slots;
        this.context = new UserContext(frame);
    }

    /** A fresh context starting at ip with stack sp; null when no frame is left. */
    static ContextFrame create(ContextSlots slots, long ip, long sp) {
        long f = slots.allocate();
        if (f < 0) {
            return null;
        }
        ContextFrame c = new ContextFrame(slots, f);
        c.context.reset(ip, sp);
        return c;
    }

    /** The frame's physical (= kernel virtual) address: what {@link Cpu#runUser} takes. */
    public long address() {
        return context.address();
    }

    /* a register's index times 8 is its offset in struct user_context (UserRegisters, UserContext) */
    @Override
    public long get(int register) {
        return context.get(register << 3);
    }

    @Override
    public void set(int register, long value) {
        context.set(register << 3, value);
    }

    @Override
    public UserRegisters copy() {
        long f = slots.allocate();
        if (f < 0) {
            return null;
        }
        Cpu.memcopy(f, context.address(), UserContext.SIZE);
        return new ContextFrame(slots, f);
    }

    @Override
    public void release() {
        if (!released) {
            released = true;
            slots.release(context.address());
        }
    }
}
