package oolong.kernel.proc;

import oolong.kernel.platform.UserRegisters;

/** Registers as plain fields, counting live instances so tests can see leaks. */
final class FakeRegisters implements UserRegisters {
    static int live;
    long ret;
    long ip = 0x4000_1000L;
    long sp = 0x7FFF_FFFF_E000L;
    private final long[] others = new long[UserRegisters.CR2 + 1];
    boolean released;

    FakeRegisters() {
        live++;
    }

    @Override
    public long get(int register) {
        return switch (register) {
            case RAX -> ret;
            case RIP -> ip;
            case RSP -> sp;
            default -> others[register];
        };
    }

    @Override
    public void set(int register, long value) {
        switch (register) {
            case RAX -> ret = value;
            case RIP -> ip = value;
            case RSP -> sp = value;
            default -> others[register] = value;
        }
    }

    @Override
    public UserRegisters copy() {
        FakeRegisters r = new FakeRegisters();
        r.ret = ret;
        r.ip = ip;
        r.sp = sp;
        System.arraycopy(others, 0, r.others, 0, others.length);
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
