package oolong.api.sched.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The interpreter's arithmetic and helpers give Java's results for every operand (the JVM is the
 * reference here), including the corners the kernel's native code handles specially:
 * MIN_VALUE / -1, int shifts by more than the width, and floorDiv/floorMod's signs. A zero divisor
 * is a fault naming the instruction.
 */
class ArithmeticPropertiesTest {
    private static final PolicyInterpreter VM = new PolicyInterpreter(
            PolicyVerifier.verify(ClassBytes.of(HostilePolicies.Starves.class)));
    /** Method and offset the faults are reported at: Starves.pick, bytecode 1. */
    private static final int PICK = PolicyVerifier.verify(ClassBytes.of(HostilePolicies.Starves.class)).pick;

    private static int intOp(int op, int a, int b) {
        return IntegerOps.intOp(op, a, b, VM, PICK, 1);
    }

    private static long longOp(int op, long a, long b) {
        return IntegerOps.longOp(op, a, b, VM, PICK, 1);
    }

    @Property(tries = 3000)
    void intOperations(@ForAll int a, @ForAll int b) {
        assertEquals(a + b, intOp(Opcodes.IADD, a, b));
        assertEquals(a - b, intOp(Opcodes.ISUB, a, b));
        assertEquals(a * b, intOp(Opcodes.IMUL, a, b));
        assertEquals(a << b, intOp(Opcodes.ISHL, a, b));
        assertEquals(a >> b, intOp(Opcodes.ISHR, a, b));
        assertEquals(a >>> b, intOp(Opcodes.IUSHR, a, b));
        assertEquals(a & b, intOp(Opcodes.IAND, a, b));
        assertEquals(a | b, intOp(Opcodes.IOR, a, b));
        assertEquals(a ^ b, intOp(Opcodes.IXOR, a, b));
        if (b != 0) {
            assertEquals(a / b, intOp(Opcodes.IDIV, a, b));
            assertEquals(a % b, intOp(Opcodes.IREM, a, b));
        }
    }

    @Property(tries = 3000)
    void longOperations(@ForAll long a, @ForAll long b) {
        assertEquals(a + b, longOp(Opcodes.LADD, a, b));
        assertEquals(a - b, longOp(Opcodes.LSUB, a, b));
        assertEquals(a * b, longOp(Opcodes.LMUL, a, b));
        assertEquals(a & b, longOp(Opcodes.LAND, a, b));
        assertEquals(a | b, longOp(Opcodes.LOR, a, b));
        assertEquals(a ^ b, longOp(Opcodes.LXOR, a, b));
        if (b != 0) {
            assertEquals(a / b, longOp(Opcodes.LDIV, a, b));
            assertEquals(a % b, longOp(Opcodes.LREM, a, b));
            assertEquals(Math.floorDiv(a, b), IntegerOps.floorDiv(a, b, VM, PICK, 1));
        }
    }

    @Example
    void theCornersOfDivision() {
        assertEquals(Integer.MIN_VALUE, intOp(Opcodes.IDIV, Integer.MIN_VALUE, -1));
        assertEquals(0, intOp(Opcodes.IREM, Integer.MIN_VALUE, -1));
        assertEquals(Long.MIN_VALUE, longOp(Opcodes.LDIV, Long.MIN_VALUE, -1));
        assertEquals(0, longOp(Opcodes.LREM, Long.MIN_VALUE, -1));
        assertEquals(Long.MIN_VALUE, IntegerOps.floorDiv(Long.MIN_VALUE, -1, VM, PICK, 1));
        for (int op : new int[] {Opcodes.IDIV, Opcodes.IREM}) {
            PolicyFault f = assertThrows(PolicyFault.class, () -> intOp(op, 7, 0));
            assertTrue(f.getMessage().matches("Starves\\.pick line \\d+ \\(bytecode 1\\) divides by zero"), f.getMessage());
        }
        for (int op : new int[] {Opcodes.LDIV, Opcodes.LREM}) {
            assertThrows(PolicyFault.class, () -> longOp(op, 7, 0));
        }
        assertThrows(PolicyFault.class, () -> IntegerOps.floorDiv(7, 0, VM, PICK, 1));
    }

    /** Runs helper `name` on the arguments in slots (a long takes two); returns the result and checks the new sp. */
    private static long helper(String name, int resultSlots, long... args) {
        int id = CallTargets.indexOf(CallTargets.HELPERS, name);
        assertTrue(id >= 0, name);
        long[] s = new long[16];
        int sp = 3;
        int argSlots = 0;
        for (long v : args) {
            s[sp + argSlots] = v;
            argSlots++;
        }
        int end = HelperCalls.call(id, s, sp + argSlots, VM, PICK, 1);
        assertEquals(sp + resultSlots, end, name + ": stack pointer after the call");
        return s[sp];
    }

    @Property(tries = 2000)
    void helpersOfInts(@ForAll int a, @ForAll int b) {
        assertEquals(Math.max(a, b), helper("java/lang/Math.max(II)I", 1, a, b));
        assertEquals(Math.min(a, b), helper("java/lang/Math.min(II)I", 1, a, b));
        assertEquals(Math.abs(a), helper("java/lang/Math.abs(I)I", 1, a));
        assertEquals(Integer.compare(a, b), helper("java/lang/Integer.compare(II)I", 1, a, b));
        assertEquals(Integer.signum(a), helper("java/lang/Integer.signum(I)I", 1, a));
        assertEquals(Integer.bitCount(a), helper("java/lang/Integer.bitCount(I)I", 1, a));
        if (b != 0) {
            assertEquals(Math.floorMod(a, b), helper("java/lang/Math.floorMod(II)I", 1, a, b));
            assertEquals(Math.floorDiv(a, b), helper("java/lang/Math.floorDiv(II)I", 1, a, b));
        }
    }

    /** Longs as the interpreter holds them: the value in the first of two slots. */
    @Property(tries = 2000)
    void helpersOfLongs(@ForAll long a, @ForAll long b, @ForAll @IntRange(min = -1000, max = 1000) int small) {
        assertEquals(Math.max(a, b), helper("java/lang/Math.max(JJ)J", 2, a, 0, b, 0));
        assertEquals(Math.min(a, b), helper("java/lang/Math.min(JJ)J", 2, a, 0, b, 0));
        assertEquals(Math.abs(a), helper("java/lang/Math.abs(J)J", 2, a, 0));
        assertEquals(Long.compare(a, b), helper("java/lang/Long.compare(JJ)I", 1, a, 0, b, 0));
        assertEquals(Long.signum(a), helper("java/lang/Long.signum(J)I", 1, a, 0));
        assertEquals(Long.bitCount(a), helper("java/lang/Long.bitCount(J)I", 1, a, 0));
        if (b != 0) {
            assertEquals(Math.floorMod(a, b), helper("java/lang/Math.floorMod(JJ)J", 2, a, 0, b, 0));
            assertEquals(Math.floorDiv(a, b), helper("java/lang/Math.floorDiv(JJ)J", 2, a, 0, b, 0));
        }
        if (small != 0) {
            assertEquals(Math.floorMod(a, small), helper("java/lang/Math.floorMod(JI)I", 1, a, 0, small));
            assertEquals(Math.floorDiv(a, small), helper("java/lang/Math.floorDiv(JI)J", 2, a, 0, small));
        }
    }
}
