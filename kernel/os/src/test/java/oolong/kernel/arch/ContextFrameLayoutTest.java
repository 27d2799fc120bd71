package oolong.kernel.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import oolong.kernel.platform.Platform;
import oolong.kernel.platform.UserRegisters;
import org.junit.jupiter.api.Test;

/**
 * The x86 context frame reads register i at offset i * 8 of struct user_context: the platform's
 * register indices must be UserContext's offsets divided by 8 (UserContext's offsets are checked
 * against cpu.h by the boot module's tests), and its trap kinds the C entry code's event numbers.
 */
class ContextFrameLayoutTest {
    @Test
    void registerIndicesAreOffsetsInTheContextFrame() {
        int[][] pairs = {
            {UserRegisters.RAX, UserContext.RAX}, {UserRegisters.RBX, UserContext.RBX}, {UserRegisters.RCX, UserContext.RCX},
            {UserRegisters.RDX, UserContext.RDX}, {UserRegisters.RSI, UserContext.RSI}, {UserRegisters.RDI, UserContext.RDI},
            {UserRegisters.RBP, UserContext.RBP}, {UserRegisters.R8, UserContext.R8}, {UserRegisters.R9, UserContext.R9},
            {UserRegisters.R10, UserContext.R10}, {UserRegisters.R11, UserContext.R11}, {UserRegisters.R12, UserContext.R12},
            {UserRegisters.R13, UserContext.R13}, {UserRegisters.R14, UserContext.R14}, {UserRegisters.R15, UserContext.R15},
            {UserRegisters.RIP, UserContext.RIP}, {UserRegisters.RSP, UserContext.RSP},
            {UserRegisters.RFLAGS, UserContext.RFLAGS}, {UserRegisters.FS_BASE, UserContext.FS_BASE},
            {UserRegisters.EVENT, UserContext.EVENT}, {UserRegisters.VECTOR, UserContext.VECTOR},
            {UserRegisters.ERROR, UserContext.ERROR}, {UserRegisters.CR2, UserContext.CR2},
        };
        for (int[] p : pairs) {
            assertEquals(p[1], p[0] << 3, "register index " + p[0]);
        }
    }

    @Test
    void trapKindsAreTheEntryCodesEvents() {
        assertEquals(UserContext.EVENT_SYSCALL, Platform.TRAP_SYSCALL);
        assertEquals(UserContext.EVENT_IRQ, Platform.TRAP_INTERRUPT);
        assertEquals(UserContext.EVENT_FAULT, Platform.TRAP_FAULT);
    }
}
