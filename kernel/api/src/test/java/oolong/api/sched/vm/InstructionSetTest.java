package oolong.api.sched.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The instruction set's three views agree: every opcode is either refused with a reason or
 * belongs to exactly one family the verifier and interpreter are split by, and the decoder gives
 * every allowed opcode its JVMS length.
 */
class InstructionSetTest {

    @Test
    void everyOpcodeIsEitherRefusedOrInAFamily() {
        int allowed = 0;
        for (int op = 0; op < 256; op++) {
            String why = InstructionSet.forbidden(op);
            int family = InstructionSet.family(op);
            if (why == null) {
                assertNotEquals(InstructionSet.NONE, family, "opcode " + op + " is allowed but in no family");
                allowed++;
            } else {
                assertEquals(InstructionSet.NONE, family, "opcode " + op + " is refused (" + why + ") but in a family");
            }
        }
        // nop, 9 iconst/lconst, bipush, sipush, 3 ldc, 3 loads + 12 short loads, 3 stores + 12 short
        // stores, 9 stack, 24 int/long arithmetic ops, iinc, 6 conversions and lcmp, 14 ifs, goto,
        // 2 switches, 3 returns, 4 invokes, wide, goto_w
        assertEquals(1 + 9 + 2 + 3 + 15 + 15 + 9 + 24 + 1 + 6 + 14 + 1 + 2 + 3 + 4 + 1 + 1, allowed);
    }

    @Test
    void familiesAreTheOnesTheVerifierAndInterpreterAreSplitBy() {
        assertEquals(InstructionSet.CONSTANTS_AND_LOCALS, InstructionSet.family(Opcodes.LDC2_W));
        assertEquals(InstructionSet.CONSTANTS_AND_LOCALS, InstructionSet.family(Opcodes.IINC));
        assertEquals(InstructionSet.CONSTANTS_AND_LOCALS, InstructionSet.family(Opcodes.WIDE));
        assertEquals(InstructionSet.STACK, InstructionSet.family(Opcodes.DUP2_X2));
        assertEquals(InstructionSet.ARITHMETIC, InstructionSet.family(Opcodes.LUSHR));
        assertEquals(InstructionSet.ARITHMETIC, InstructionSet.family(Opcodes.LCMP));
        assertEquals(InstructionSet.ARITHMETIC, InstructionSet.family(Opcodes.I2S));
        assertEquals(InstructionSet.BRANCHES, InstructionSet.family(Opcodes.IF_ACMPNE));
        assertEquals(InstructionSet.BRANCHES, InstructionSet.family(Opcodes.GOTO_W));
        assertEquals(InstructionSet.BRANCHES, InstructionSet.family(Opcodes.LOOKUPSWITCH));
        assertEquals(InstructionSet.CALLS_AND_RETURNS, InstructionSet.family(Opcodes.INVOKEINTERFACE));
        assertEquals(InstructionSet.CALLS_AND_RETURNS, InstructionSet.family(Opcodes.RETURN));
    }

    @Test
    void refusalsSayWhy() {
        assertNull(InstructionSet.forbidden(Opcodes.IADD));
        assertTrue(InstructionSet.forbidden(0x62).contains("floating point"), "fadd");
        assertTrue(InstructionSet.forbidden(0xbb).contains("'new'"));
        assertTrue(InstructionSet.forbidden(0xb4).contains("field"), "getfield");
        assertTrue(InstructionSet.forbidden(0xba).contains("invokedynamic"));
        assertTrue(InstructionSet.forbidden(0xa8).contains("jsr"));
        assertEquals("uses an undefined opcode 202", InstructionSet.forbidden(0xca));
    }

    @Test
    void wideWidensOnlyLocalsOfAllowedTypes() {
        for (int op = 0; op < 256; op++) {
            boolean expected = op == Opcodes.ILOAD || op == Opcodes.LLOAD || op == Opcodes.ALOAD || op == Opcodes.ISTORE
                    || op == Opcodes.LSTORE || op == Opcodes.ASTORE || op == Opcodes.IINC;
            assertEquals(expected, InstructionSet.widens(op), "wide " + op);
        }
        assertFalse(InstructionSet.widens(0x17), "fload");
    }
}
