package oolong.kernel.arch;

import org.teavm.interop.Address;

/**
 * A user process's saved registers: 768 bytes (a slot of ContextSlots), laid out as struct user_context in
 * boot/src/main/native/include/oolong/cpu.h (a host test checks that the offsets agree).
 * The C entry code writes it when the process traps; {@link Cpu#runUser} loads it.
 */
public final class UserContext {
    public static final int EVENT_SYSCALL = 1;
    public static final int EVENT_IRQ = 2;
    public static final int EVENT_FAULT = 3;

    public static final int RAX = 0x00;
    public static final int RBX = 0x08;
    public static final int RCX = 0x10;
    public static final int RDX = 0x18;
    public static final int RSI = 0x20;
    public static final int RDI = 0x28;
    public static final int RBP = 0x30;
    public static final int R8 = 0x38;
    public static final int R9 = 0x40;
    public static final int R10 = 0x48;
    public static final int R11 = 0x50;
    public static final int R12 = 0x58;
    public static final int R13 = 0x60;
    public static final int R14 = 0x68;
    public static final int R15 = 0x70;
    public static final int RIP = 0x78;
    public static final int RSP = 0x80;
    public static final int RFLAGS = 0x88;
    public static final int FS_BASE = 0x90;
    public static final int EVENT = 0x98;
    public static final int VECTOR = 0xA0;
    public static final int ERROR = 0xA8;
    public static final int CR2 = 0xB0;
    /** 1 when the FXSAVE area holds only the control words (after a system call; usermode.S). */
    public static final int FPU_AT_CALL = 0xB8;
    public static final int FXSAVE = 0x100;
    /** sizeof(struct user_context): the registers and the 512-byte FXSAVE area (cpu.h asserts it). */
    public static final int SIZE = 0x300;

    /** MXCSR's power-on value (all SSE exceptions masked), at offset 24 of the FXSAVE area. */
    private static final int MXCSR_OFFSET = FXSAVE + 24;
    private static final int FCW_OFFSET = FXSAVE;

    private final long address;

    /** Wraps the context frame at a physical (identity-mapped) address. */
    public UserContext(long address) {
        this.address = address;
    }

    public long address() {
        return address;
    }

    public long get(int offset) {
        return Address.fromLong(address + offset).getLong();
    }

    public void set(int offset, long value) {
        Address.fromLong(address + offset).putLong(value);
    }

    /** Clears the frame and sets the state a fresh process starts with. */
    public void reset(long rip, long rsp) {
        for (int off = 0; off < SIZE; off += 8) {
            set(off, 0);
        }
        set(RIP, rip);
        set(RSP, rsp);
        set(RFLAGS, 0x202);
        Address.fromLong(address + FCW_OFFSET).putShort((short) 0x037F);   /* x87: all exceptions masked */
        Address.fromLong(address + MXCSR_OFFSET).putInt(0x1F80);           /* SSE: all exceptions masked */
    }

    /** Copies the whole frame (registers and x87/SSE state) from another context: fork. */
    public void copyFrom(UserContext other) {
        for (int off = 0; off < SIZE; off += 8) {
            set(off, other.get(off));
        }
    }
}
