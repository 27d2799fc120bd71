package oolong.kernel.proc;

/** Registers as plain fields, counting live instances so tests can see leaks. */
final class FakeRegisters implements Registers {
    static int live;
    long ret;
    long ip = 0x4000_1000L;
    long sp = 0x7FFF_FFFF_E000L;
    boolean released;

    FakeRegisters() {
        live++;
    }

    @Override public void setReturnValue(long value) { ret = value; }
    @Override public long returnValue() { return ret; }
    @Override public long instructionPointer() { return ip; }
    @Override public void setInstructionPointer(long v) { ip = v; }
    @Override public long stackPointer() { return sp; }
    @Override public void setStackPointer(long v) { sp = v; }

    @Override
    public Registers copy() {
        FakeRegisters r = new FakeRegisters();
        r.ret = ret;
        r.ip = ip;
        r.sp = sp;
        return r;
    }

    @Override
    public void release() {
        if (released) {
            throw new IllegalStateException("registers released twice");
        }
        released = true;
        live--;
    }
}
