package oolong.campaign.model;

import oolong.kernel.platform.UserRegisters;

/**
 * A host model process's registers: plain values in an array (the system-call return value and a
 * stack for the interrupt record are all the model reads), starting at a user-like address.
 */
final class ModelRegisters implements UserRegisters {
    private final long[] values = new long[CR2 + 1];

    ModelRegisters() {
        values[RIP] = 0x4000_0000L;
        values[RSP] = 0x7fff_f000L;
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
        ModelRegisters c = new ModelRegisters();
        System.arraycopy(values, 0, c.values, 0, values.length);
        return c;
    }

    @Override
    public void release() {
    }
}
