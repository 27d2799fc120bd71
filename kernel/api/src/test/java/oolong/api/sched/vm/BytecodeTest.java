package oolong.api.sched.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The decoder: instruction lengths (JVMS 6.5), operands, and switch tables at every alignment. */
class BytecodeTest {

    private static int length(int... code) {
        byte[] b = new byte[code.length];
        for (int i = 0; i < code.length; i++) {
            b[i] = (byte) code[i];
        }
        return Bytecode.length(b, 0);
    }

    @Test
    void fixedLengths() {
        assertEquals(1, length(Opcodes.IADD));
        assertEquals(1, length(Opcodes.ALOAD_3));
        assertEquals(2, length(Opcodes.BIPUSH, 5));
        assertEquals(2, length(Opcodes.LDC, 5));
        assertEquals(2, length(Opcodes.LSTORE, 5));
        assertEquals(3, length(Opcodes.SIPUSH, 1, 2));
        assertEquals(3, length(Opcodes.LDC2_W, 0, 2));
        assertEquals(3, length(Opcodes.IINC, 1, 2));
        assertEquals(3, length(Opcodes.IFLE, 0, 3));
        assertEquals(3, length(Opcodes.IF_ACMPNE, 0, 3));
        assertEquals(3, length(Opcodes.GOTO, 0, 3));
        assertEquals(3, length(Opcodes.INVOKESTATIC, 0, 3));
        assertEquals(5, length(Opcodes.INVOKEINTERFACE, 0, 3, 1, 0));
        assertEquals(5, length(Opcodes.GOTO_W, 0, 0, 0, 5));
        assertEquals(4, length(Opcodes.WIDE, Opcodes.ILOAD, 0, 5));
        assertEquals(6, length(Opcodes.WIDE, Opcodes.IINC, 0, 5, 0, 1));
        assertEquals(Integer.MAX_VALUE, length(Opcodes.WIDE));
    }

    /** A switch at offset pc, its operands padded to a multiple of four. */
    private static byte[] switchAt(int pc, int op, int... operands) {
        int start = (pc + 4) & ~3;
        ByteBuffer b = ByteBuffer.allocate(start + 4 * operands.length);
        b.put(pc, (byte) op);
        b.position(start);
        for (int o : operands) {
            b.putInt(o);
        }
        return b.array();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
    void tableswitchAtEveryAlignment(int pc) {
        byte[] code = switchAt(pc, Opcodes.TABLESWITCH, 40, -1, 1, 10, 20, 30);
        int a = Bytecode.switchOperands(pc);
        assertEquals(0, a % 4);
        assertEquals(a + 24 - pc, Bytecode.length(code, pc));
        assertEquals(40, Bytecode.switchDefault(code, a));
        assertEquals(-1, Bytecode.tableLow(code, a));
        assertEquals(1, Bytecode.tableHigh(code, a));
        assertEquals(20, Bytecode.tableOffset(code, a, 1));
        assertEquals(20, Switches.table(code, pc, 0));
        assertEquals(10, Switches.table(code, pc, -1));
        assertEquals(40, Switches.table(code, pc, 2));
        assertEquals(40, Switches.table(code, pc, Integer.MIN_VALUE));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void lookupswitchAtEveryAlignment(int pc) {
        byte[] code = switchAt(pc, Opcodes.LOOKUPSWITCH, 99, 3, -7, 11, 0, 12, 1000, 13);
        int a = Bytecode.switchOperands(pc);
        assertEquals(a + 32 - pc, Bytecode.length(code, pc));
        assertEquals(3, Bytecode.lookupPairs(code, a));
        assertEquals(1000, Bytecode.lookupKey(code, a, 2));
        assertEquals(13, Bytecode.lookupOffset(code, a, 2));
        assertEquals(11, Switches.lookup(code, pc, -7));
        assertEquals(12, Switches.lookup(code, pc, 0));
        assertEquals(13, Switches.lookup(code, pc, 1000));
        assertEquals(99, Switches.lookup(code, pc, 1));
    }

    @Test
    void switchesThatCannotFitHaveNoLength() {
        byte[] truncated = switchAt(0, Opcodes.TABLESWITCH, 0);
        assertEquals(Integer.MAX_VALUE, Bytecode.length(truncated, 0));
        byte[] backwards = switchAt(0, Opcodes.TABLESWITCH, 0, 5, 4);
        assertEquals(Integer.MAX_VALUE, Bytecode.length(backwards, 0), "high < low");
        byte[] huge = switchAt(0, Opcodes.TABLESWITCH, 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
        assertEquals(Integer.MAX_VALUE, Bytecode.length(huge, 0), "2^32 cases");
        byte[] negative = switchAt(0, Opcodes.LOOKUPSWITCH, 0, -1);
        assertEquals(Integer.MAX_VALUE, Bytecode.length(negative, 0), "a negative number of pairs");
        byte[] tooMany = switchAt(0, Opcodes.LOOKUPSWITCH, 0, PolicyVerifier.MAX_CODE + 1);
        assertEquals(Integer.MAX_VALUE, Bytecode.length(tooMany, 0));
    }

    @Test
    void operands() {
        byte[] code = {(byte) Opcodes.GOTO, (byte) 0xff, (byte) 0xfd, (byte) Opcodes.GOTO_W, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfd};
        assertEquals(-3, Bytecode.branchTarget(code, 0));
        assertEquals(0, Bytecode.wideBranchTarget(code, 3));
        assertEquals(0xfffd, Bytecode.u2(code, 1));
        assertEquals(0xff, Bytecode.u1(code, 1));
        assertEquals(-3, Bytecode.s4(code, 4));
    }
}
