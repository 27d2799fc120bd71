package oolong.api.sched.jit;

import static oolong.api.sched.jit.X86Assembler.*;

/**
 * Templates for int and long arithmetic, lcmp, and the pure helpers (Math, Integer, Long), with
 * Java's results: ints computed in 32-bit registers and kept sign-extended in their slots,
 * shifts by cl (the CPU masks the count to 5 or 6 bits, exactly as Java), division by zero
 * tested first (a fault, as the interpreter's), MIN / -1 as a negation and MIN % -1 as 0 (idiv
 * traps on both). floorDiv and floorMod follow the interpreter's IntegerOps.floorDiv; bitCount is
 * computed without popcnt, which the CPU QEMU emulates by default does not have.
 */
final class ArithmeticTemplates {
    private final X86Assembler a;
    private final MethodCompiler m;

    ArithmeticTemplates(X86Assembler a, MethodCompiler m) {
        this.a = a;
        this.m = m;
    }

    /** Emits op at pc if it is arithmetic; false if it is not one of these. */
    boolean instruction(int op, int pc, int sp) {
        switch (op) {
            case 0x60, 0x64, 0x68, 0x6c, 0x70, 0x78, 0x7a, 0x7c, 0x7e, 0x80, 0x82 -> {
                a.load(RAX, RBP, m.stack(sp - 2));
                a.load(RCX, RBP, m.stack(sp - 1));
                binary(op, pc, false);
                a.movsxd(RAX, RAX);
                a.store(RBP, m.stack(sp - 2), RAX);
            }
            case 0x61, 0x65, 0x69, 0x6d, 0x71, 0x7f, 0x81, 0x83 -> {
                a.load(RAX, RBP, m.stack(sp - 4));
                a.load(RCX, RBP, m.stack(sp - 2));
                binary(op - 1, pc, true);
                a.store(RBP, m.stack(sp - 4), RAX);
            }
            case 0x79, 0x7b, 0x7d -> {                                   // lshl, lshr, lushr: long, int count
                a.load(RAX, RBP, m.stack(sp - 3));
                a.load(RCX, RBP, m.stack(sp - 1));
                a.shiftCl(shiftKind(op - 1), RAX, true);
                a.store(RBP, m.stack(sp - 3), RAX);
            }
            case 0x74 -> {                                               // ineg
                a.load(RAX, RBP, m.stack(sp - 1));
                a.neg(RAX, false);
                a.movsxd(RAX, RAX);
                a.store(RBP, m.stack(sp - 1), RAX);
            }
            case 0x75 -> {                                               // lneg
                a.load(RAX, RBP, m.stack(sp - 2));
                a.neg(RAX, true);
                a.store(RBP, m.stack(sp - 2), RAX);
            }
            case 0x94 -> {                                               // lcmp
                a.load(RAX, RBP, m.stack(sp - 4));
                a.load(RCX, RBP, m.stack(sp - 2));
                compare();
                a.store(RBP, m.stack(sp - 4), RAX);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static int shiftKind(int intOp) {
        return intOp == 0x78 ? SHL : intOp == 0x7a ? SAR : SHR;
    }

    /** rax = rax op rcx, for the int opcode op (longs pass the matching int opcode and wide). */
    private void binary(int op, int pc, boolean wide) {
        switch (op) {
            case 0x60 -> a.alu(ADD, RAX, RCX, wide);
            case 0x64 -> a.alu(SUB, RAX, RCX, wide);
            case 0x68 -> a.imul(RAX, RCX, wide);
            case 0x6c, 0x70 -> divide(pc, wide, op == 0x70);
            case 0x78, 0x7a, 0x7c -> a.shiftCl(shiftKind(op), RAX, wide);
            case 0x7e -> a.alu(AND, RAX, RCX, wide);
            case 0x80 -> a.alu(OR, RAX, RCX, wide);
            default -> a.alu(XOR, RAX, RCX, wide);
        }
    }

    /** rax = rax / rcx or rax % rcx, as Java, with a fault for a zero divisor. */
    private void divide(int pc, boolean wide, boolean remainder) {
        a.test(RCX, RCX, wide);
        a.jcc(E, m.divideByZero(pc));
        int general = a.newLabel();
        int done = a.newLabel();
        a.aluImm(CMP, RCX, -1, wide);
        a.jcc(NE, general);
        if (remainder) {
            a.movImm(RAX, 0);
        } else {
            a.neg(RAX, wide);
        }
        a.jmp(done);
        a.bind(general);
        a.signExtendIntoRdx(wide);
        a.idiv(RCX, wide);
        if (remainder) {
            a.mov(RAX, RDX);
        }
        a.bind(done);
    }

    /** rax = Long.compare(rax, rcx) (ints sign-extended compare the same). */
    private void compare() {
        a.alu(CMP, RAX, RCX, true);
        a.setcc(G, RDX);
        a.setcc(L, RCX);
        a.alu(SUB, RDX, RCX, false);
        a.movsxd(RAX, RDX);
    }

    /**
     * rax = Math.floorDiv(rax, rcx) on longs, with a in r8 afterwards (for floorMod); a zero
     * divisor faults at pc. As IntegerOps.floorDiv: d = a / b (-a for b = -1), less one when the
     * signs differ and the division was not exact.
     */
    private void floorDiv(int pc) {
        a.test(RCX, RCX, true);
        a.jcc(E, m.divideByZero(pc));
        a.mov(R8, RAX);
        int general = a.newLabel();
        int adjust = a.newLabel();
        int done = a.newLabel();
        a.aluImm(CMP, RCX, -1, true);
        a.jcc(NE, general);
        a.neg(RAX, true);
        a.jmp(adjust);
        a.bind(general);
        a.signExtendIntoRdx(true);
        a.idiv(RCX, true);
        a.bind(adjust);
        a.mov(R9, R8);
        a.alu(XOR, R9, RCX, true);
        a.jcc(NS, done);
        a.mov(R10, RAX);
        a.imul(R10, RCX, true);
        a.alu(CMP, R10, R8, true);
        a.jcc(E, done);
        a.incDec(RAX, false);
        a.bind(done);
    }

    /** rax = a - floorDiv(a, b) * b, after floorDiv (a in r8, b in rcx). */
    private void floorModFromDiv() {
        a.imul(RAX, RCX, true);
        a.mov(R9, R8);
        a.alu(SUB, R9, RAX, true);
        a.mov(RAX, R9);
    }

    /** rax = the number of one bits in rax (SWAR). */
    private void bitCount() {
        a.mov(RCX, RAX);
        a.shiftImm(SHR, RCX, 1, true);
        a.movImm(RDX, 0x5555555555555555L);
        a.alu(AND, RCX, RDX, true);
        a.alu(SUB, RAX, RCX, true);
        a.movImm(RDX, 0x3333333333333333L);
        a.mov(RCX, RAX);
        a.alu(AND, RCX, RDX, true);
        a.shiftImm(SHR, RAX, 2, true);
        a.alu(AND, RAX, RDX, true);
        a.alu(ADD, RAX, RCX, true);
        a.mov(RCX, RAX);
        a.shiftImm(SHR, RCX, 4, true);
        a.alu(ADD, RAX, RCX, true);
        a.movImm(RDX, 0x0F0F0F0F0F0F0F0FL);
        a.alu(AND, RAX, RDX, true);
        a.movImm(RDX, 0x0101010101010101L);
        a.imul(RAX, RDX, true);
        a.shiftImm(SHR, RAX, 56, true);
    }

    /** The helper with this id ({@code CompilerView.helper(id)}), its operands on top of the stack. */
    void helper(int pc, int sp, int id) {
        switch (id) {
            case 0, 2 -> minMax(sp - 2, sp - 1, id == 0);                 // Math.max/min(II)
            case 1, 3 -> minMax(sp - 4, sp - 2, id == 1);                 // Math.max/min(JJ)
            case 4, 5 -> {                                               // Math.abs(I), (J)
                boolean wide = id == 5;
                int at = m.stack(sp - (wide ? 2 : 1));
                a.load(RAX, RBP, at);
                a.mov(RCX, RAX);
                a.neg(RCX, wide);
                a.test(RAX, RAX, wide);
                a.cmov(L, RAX, RCX);
                if (!wide) {
                    a.movsxd(RAX, RAX);
                }
                a.store(RBP, at, RAX);
            }
            case 6, 8 -> {                                               // floorMod/floorDiv(II), in long
                a.load(RAX, RBP, m.stack(sp - 2));
                a.load(RCX, RBP, m.stack(sp - 1));
                floorDiv(pc);
                if (id == 6) {
                    floorModFromDiv();
                }
                a.movsxd(RAX, RAX);
                a.store(RBP, m.stack(sp - 2), RAX);
            }
            case 7, 9 -> {                                               // floorMod/floorDiv(JJ)
                a.load(RAX, RBP, m.stack(sp - 4));
                a.load(RCX, RBP, m.stack(sp - 2));
                floorDiv(pc);
                if (id == 7) {
                    floorModFromDiv();
                }
                a.store(RBP, m.stack(sp - 4), RAX);
            }
            case 10, 11 -> {                                             // Integer/Long.compare
                int first = m.stack(sp - (id == 10 ? 2 : 4));
                a.load(RAX, RBP, first);
                a.load(RCX, RBP, m.stack(sp - (id == 10 ? 1 : 2)));
                compare();
                a.store(RBP, first, RAX);
            }
            case 12, 13 -> {                                             // Integer/Long.signum
                int at = m.stack(sp - (id == 12 ? 1 : 2));
                a.load(RAX, RBP, at);
                a.movImm(RCX, 0);
                compare();
                a.store(RBP, at, RAX);
            }
            case 14, 15 -> {                                             // Integer/Long.bitCount
                int at = m.stack(sp - (id == 14 ? 1 : 2));
                a.load(RAX, RBP, at);
                if (id == 14) {
                    a.aluImm(AND, RAX, -1, false);                       /* the int's 32 bits, zero-extended */
                }
                bitCount();
                a.store(RBP, at, RAX);
            }
            case 16, 17 -> {                                             // floorMod(JI)I, floorDiv(JI)J
                a.load(RAX, RBP, m.stack(sp - 3));
                a.load(RCX, RBP, m.stack(sp - 1));
                floorDiv(pc);
                if (id == 16) {
                    floorModFromDiv();
                    a.movsxd(RAX, RAX);
                }
                a.store(RBP, m.stack(sp - 3), RAX);
            }
            default -> throw new PolicyCompiler.NotCompilable("helper " + id + " is not compiled");
        }
    }

    /** The result of max (or min) of the slots at x and y replaces x. */
    private void minMax(int x, int y, boolean max) {
        a.load(RAX, RBP, m.stack(x));
        a.load(RCX, RBP, m.stack(y));
        a.alu(CMP, RAX, RCX, true);
        a.cmov(max ? L : G, RAX, RCX);
        a.store(RBP, m.stack(x), RAX);
    }
}
