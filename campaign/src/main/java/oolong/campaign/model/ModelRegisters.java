package oolong.campaign.model;

import oolong.kernel.proc.Registers;

/** A host model process's registers: the system-call return value, and a stack for the interrupt record. */
final class ModelRegisters implements Registers {
    private long ret;
    private long ip = 0x4000_0000L;
    private long sp = 0x7fff_f000L;

    @Override
    public void setReturnValue(long value) {
        ret = value;
    }

    @Override
    public long returnValue() {
        return ret;
    }

    @Override
    public long instructionPointer() {
        return ip;
    }

    @Override
    public void setInstructionPointer(long ip) {
        this.ip = ip;
    }

    @Override
    public long stackPointer() {
        return sp;
    }

    @Override
    public void setStackPointer(long sp) {
        this.sp = sp;
    }

    @Override
    public Registers copy() {
        ModelRegisters c = new ModelRegisters();
        c.ret = ret;
        c.ip = ip;
        c.sp = sp;
        return c;
    }

    @Override
    public void release() {
    }
}
