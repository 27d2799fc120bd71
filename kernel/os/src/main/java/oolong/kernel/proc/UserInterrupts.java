package oolong.kernel.proc;

import oolong.kernel.mem.AddressSpace;
import oolong.kernel.mem.MemStatus;
import oolong.kernel.platform.UserRegisters;

/**
 * User interrupts (the seed's intr and intr_set): a process names a handler, and an interrupt sent
 * to it diverts it there. This touches only the process itself, not the tree, so it lives apart
 * from {@link Processes}.
 */
public final class UserInterrupts {
    private UserInterrupts() {
    }

    /** Sets the user interrupt handler (0 removes it). */
    public static void setHandler(Process p, long handler) {
        p.intrHandler = handler;
    }

    /**
     * Diverts a process to its user interrupt handler (the seed's proc_intr): the interrupted
     * instruction and stack pointers are stored on its stack below the red zone. Returns false when
     * it has no handler or its stack cannot take the record.
     */
    public static boolean intr(Process p) {
        if (p.intrHandler == 0 || !p.alive() || p.space == null) {
            return false;
        }
        UserRegisters r = p.registers;
        long sp = r.stackPointer() - 128 - 16;
        AddressSpace space = p.space;
        if (space.writeLong(sp, r.instructionPointer()) != MemStatus.OK
                || space.writeLong(sp + 8, r.stackPointer()) != MemStatus.OK) {
            return false;
        }
        r.setInstructionPointer(p.intrHandler);
        r.setStackPointer(sp);
        return true;
    }
}
