package oolong.kernel.platform;

/**
 * Saved registers for the simulated platform: plain fields, but each set occupies a frame of the
 * kernel's frame allocator as the x86 context frame does, so frame accounting, leak checks and the
 * "frames" fault point see the same allocations on the host as in the guest.
 */
public final class SimulatedRegisters implements UserRegisters {
    private final FrameSource frames;
    private final long frame;
    private final long[] values = new long[CR2 + 1];
    private boolean released;

    private SimulatedRegisters(FrameSource frames, long frame) {
        this.frames = frames;
        this.frame = frame;
    }

    static SimulatedRegisters create(FrameSource frames, long ip, long sp) {
        long f = frames.allocate();
        if (f < 0) {
            return null;
        }
        SimulatedRegisters r = new SimulatedRegisters(frames, f);
        r.values[RIP] = ip;
        r.values[RSP] = sp;
        r.values[RFLAGS] = 0x202;
        return r;
    }

    @Override
    public long get(int register) {
        return values[register];
    }

    @Override
    public void set(int register, long value) {
        values[register] = value;
    }

    @Override
    public UserRegisters copy() {
        long f = frames.allocate();
        if (f < 0) {
            return null;
        }
        SimulatedRegisters r = new SimulatedRegisters(frames, f);
        System.arraycopy(values, 0, r.values, 0, values.length);
        return r;
    }

    @Override
    public void release() {
        if (!released) {
            released = true;
            frames.release(frame);
        }
    }

    public boolean released() {
        return released;
    }
}
