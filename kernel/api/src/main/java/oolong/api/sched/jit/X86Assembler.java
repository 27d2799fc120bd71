package oolong.api.sched.jit;

/**
 * The few x86-64 instructions the policy compiler emits, encoded by hand (Intel SDM vol. 2), with
 * labels for forward jumps. Memory operands are always {@code [base + disp32]}; the code is
 * position-independent (every jump and call is relative), so the bytes can be copied anywhere.
 *
 * No library does this on the kernel's side of the seam: this class runs inside the kernel,
 * compiled by TeaVM, so it is plain arrays and no allocation per instruction beyond growing the
 * buffer. Its encodings are proven by running them: the host tests execute the compiled code
 * on the CPU (CompiledGoodPoliciesTest, CompiledEdgeValuesTest, CompiledFaultTest).
 */
public final class X86Assembler {
    public static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7;
    public static final int R8 = 8, R9 = 9, R10 = 10, R11 = 11, R12 = 12, R13 = 13, R14 = 14, R15 = 15;

    /** Condition codes (the low nibble of jcc, setcc, cmovcc). */
    public static final int O = 0, B = 2, AE = 3, E = 4, NE = 5, BE = 6, A = 7, S = 8, NS = 9, L = 0xC, GE = 0xD, LE = 0xE, G = 0xF;

    /** Group-1 arithmetic, as the /digit of 81 and the opcode base of the reg-reg forms. */
    public static final int ADD = 0, OR = 1, AND = 4, SUB = 5, XOR = 6, CMP = 7;
    /** Shift group (/digit of C1, D3). */
    public static final int SHL = 4, SHR = 5, SAR = 7;

    private byte[] buf = new byte[4096];
    private int pos;
    private int[] labels = new int[64];
    private int labelCount;
    private int[] fixupAt = new int[256];
    private int[] fixupLabel = new int[256];
    private int fixupCount;

    public int position() {
        return pos;
    }

    // ------------------------------------------------------------------ bytes and labels

    public void byte1(int b) {
        if (pos == buf.length) {
            byte[] n = new byte[buf.length * 2];
            System.arraycopy(buf, 0, n, 0, pos);
            buf = n;
        }
        buf[pos++] = (byte) b;
    }

    public void int32(int v) {
        byte1(v);
        byte1(v >> 8);
        byte1(v >> 16);
        byte1(v >> 24);
    }

    public void int64(long v) {
        int32((int) v);
        int32((int) (v >>> 32));
    }

    /** A new label, not yet placed. */
    public int newLabel() {
        if (labelCount == labels.length) {
            int[] n = new int[labels.length * 2];
            System.arraycopy(labels, 0, n, 0, labelCount);
            labels = n;
        }
        labels[labelCount] = -1;
        return labelCount++;
    }

    /** Places the label at the current position. */
    public void bind(int label) {
        labels[label] = pos;
    }

    public int labelPosition(int label) {
        return labels[label];
    }

    /** A 32-bit field that will hold (label's position - end of the field). */
    private void rel32(int label) {
        if (fixupCount == fixupAt.length) {
            int[] a = new int[fixupAt.length * 2];
            int[] l = new int[a.length];
            System.arraycopy(fixupAt, 0, a, 0, fixupCount);
            System.arraycopy(fixupLabel, 0, l, 0, fixupCount);
            fixupAt = a;
            fixupLabel = l;
        }
        fixupAt[fixupCount] = pos;
        fixupLabel[fixupCount++] = label;
        int32(0);
    }

    /** A 32-bit field holding (label's position - base), for jump tables. */
    public void tableEntry(int label, int base) {
        fixupAt(pos, label, base);
        int32(0);
    }

    private int[] tableAt = new int[16];
    private int[] tableLabel = new int[16];
    private int[] tableBase = new int[16];
    private int tableCount;

    private void fixupAt(int at, int label, int base) {
        if (tableCount == tableAt.length) {
            tableAt = grow(tableAt);
            tableLabel = grow(tableLabel);
            tableBase = grow(tableBase);
        }
        tableAt[tableCount] = at;
        tableLabel[tableCount] = label;
        tableBase[tableCount++] = base;
    }

    private static int[] grow(int[] a) {
        int[] n = new int[a.length * 2];
        System.arraycopy(a, 0, n, 0, a.length);
        return n;
    }

    /** Resolves every label reference and returns the code. */
    public byte[] finish() {
        for (int i = 0; i < fixupCount; i++) {
            patch(fixupAt[i], target(fixupLabel[i]) - (fixupAt[i] + 4));
        }
        for (int i = 0; i < tableCount; i++) {
            patch(tableAt[i], target(tableLabel[i]) - tableBase[i]);
        }
        byte[] out = new byte[pos];
        System.arraycopy(buf, 0, out, 0, pos);
        return out;
    }

    private int target(int label) {
        int t = labels[label];
        if (t < 0) {
            throw new IllegalStateException("label " + label + " was never placed");
        }
        return t;
    }

    private void patch(int at, int v) {
        buf[at] = (byte) v;
        buf[at + 1] = (byte) (v >> 8);
        buf[at + 2] = (byte) (v >> 16);
        buf[at + 3] = (byte) (v >> 24);
    }

    // ------------------------------------------------------------------ encoding helpers

    private void rex(boolean w, int reg, int index, int base, boolean force) {
        int r = 0x40 | (w ? 8 : 0) | ((reg & 8) != 0 ? 4 : 0) | ((index & 8) != 0 ? 2 : 0) | ((base & 8) != 0 ? 1 : 0);
        if (r != 0x40 || force) {
            byte1(r);
        }
    }

    /** ModRM (and SIB) for [base + disp32] with the given reg field. */
    private void mem(int reg, int base, int disp) {
        byte1(0x80 | ((reg & 7) << 3) | (base & 7));
        if ((base & 7) == RSP) {
            byte1(0x24);
        }
        int32(disp);
    }

    private void regReg(int reg, int rm) {
        byte1(0xC0 | ((reg & 7) << 3) | (rm & 7));
    }

    // ------------------------------------------------------------------ moves

    /** mov dst, qword [base + disp] */
    public void load(int dst, int base, int disp) {
        rex(true, dst, 0, base, false);
        byte1(0x8B);
        mem(dst, base, disp);
    }

    /** mov qword [base + disp], src */
    public void store(int base, int disp, int src) {
        rex(true, src, 0, base, false);
        byte1(0x89);
        mem(src, base, disp);
    }

    /** mov qword [base + disp], imm32 (sign-extended) */
    public void storeImm(int base, int disp, int imm) {
        rex(true, 0, 0, base, false);
        byte1(0xC7);
        mem(0, base, disp);
        int32(imm);
    }

    /** movsxd dst, dword [base + disp] */
    public void loadInt(int dst, int base, int disp) {
        rex(true, dst, 0, base, false);
        byte1(0x63);
        mem(dst, base, disp);
    }

    /** movsx dst, byte/word [base + disp] (sign-extended to 64 bits) or movzx (word, unsigned). */
    public void loadNarrow(int dst, int base, int disp, int bytes, boolean signed) {
        rex(true, dst, 0, base, false);
        byte1(0x0F);
        byte1(bytes == 1 ? (signed ? 0xBE : 0xB6) : (signed ? 0xBF : 0xB7));
        mem(dst, base, disp);
    }

    /** mov dst, imm (the shortest form that sign-extends to the value) */
    public void movImm(int dst, long imm) {
        if (imm == (int) imm) {
            rex(true, 0, 0, dst, false);
            byte1(0xC7);
            regReg(0, dst);
            int32((int) imm);
        } else {
            rex(true, 0, 0, dst, false);
            byte1(0xB8 + (dst & 7));
            int64(imm);
        }
    }

    /** mov dst, src (64-bit) */
    public void mov(int dst, int src) {
        rex(true, src, 0, dst, false);
        byte1(0x89);
        regReg(src, dst);
    }

    /** movsxd dst, src32: sign-extends the low 32 bits (how int results are kept in 64-bit slots). */
    public void movsxd(int dst, int src) {
        rex(true, dst, 0, src, false);
        byte1(0x63);
        regReg(dst, src);
    }

    /** lea dst, [base + disp] */
    public void lea(int dst, int base, int disp) {
        rex(true, dst, 0, base, false);
        byte1(0x8D);
        mem(dst, base, disp);
    }

    /** lea dst, [rip + label] */
    public void leaLabel(int dst, int label) {
        rex(true, dst, 0, 0, false);
        byte1(0x8D);
        byte1(((dst & 7) << 3) | 5);
        rel32(label);
    }

    // ------------------------------------------------------------------ arithmetic

    /** op dst, src for ADD, OR, AND, SUB, XOR, CMP; 64-bit if wide, else 32-bit. */
    public void alu(int op, int dst, int src, boolean wide) {
        rex(wide, src, 0, dst, false);
        byte1((op << 3) | 1);
        regReg(src, dst);
    }

    /** op dst, imm32 */
    public void aluImm(int op, int dst, int imm, boolean wide) {
        rex(wide, 0, 0, dst, false);
        byte1(0x81);
        regReg(op, dst);
        int32(imm);
    }

    /** op qword [base + disp], imm32 (sub r/m64 imm32 for the budget) */
    public void aluMemImm(int op, int base, int disp, int imm) {
        rex(true, 0, 0, base, false);
        byte1(0x81);
        mem(op, base, disp);
        int32(imm);
    }

    /** op dst, qword [base + disp] (64-bit; CMP to compare a register with memory) */
    public void aluLoad(int op, int dst, int base, int disp) {
        rex(true, dst, 0, base, false);
        byte1((op << 3) | 3);
        mem(dst, base, disp);
    }

    /** mov dst, qword [base + index*8] (base neither rbp nor r13, which would need a displacement) */
    public void loadIndexed(int dst, int base, int index) {
        rex(true, dst, index, base, false);
        byte1(0x8B);
        byte1(0x04 | ((dst & 7) << 3));
        byte1(0xC0 | ((index & 7) << 3) | (base & 7));
    }

    /** mov qword [base + index*8], src (base neither rbp nor r13) */
    public void storeIndexed(int base, int index, int src) {
        rex(true, src, index, base, false);
        byte1(0x89);
        byte1(0x04 | ((src & 7) << 3));
        byte1(0xC0 | ((index & 7) << 3) | (base & 7));
    }

    /** imul dst, src */
    public void imul(int dst, int src, boolean wide) {
        rex(wide, dst, 0, src, false);
        byte1(0x0F);
        byte1(0xAF);
        regReg(dst, src);
    }

    /** neg r */
    public void neg(int r, boolean wide) {
        rex(wide, 0, 0, r, false);
        byte1(0xF7);
        regReg(3, r);
    }

    /** idiv r (rdx:rax or edx:eax divided by r) */
    public void idiv(int r, boolean wide) {
        rex(wide, 0, 0, r, false);
        byte1(0xF7);
        regReg(7, r);
    }

    /** div r: rdx:rax divided by r, unsigned (quotient in rax, remainder in rdx) */
    public void divUnsigned(int r) {
        rex(true, 0, 0, r, false);
        byte1(0xF7);
        regReg(6, r);
    }

    /** cdq (32-bit) or cqo (64-bit): sign-extend rax into rdx. */
    public void signExtendIntoRdx(boolean wide) {
        if (wide) {
            byte1(0x48);
        }
        byte1(0x99);
    }

    /** shl/shr/sar r, cl (the CPU masks the count to 5 or 6 bits, as Java does) */
    public void shiftCl(int kind, int r, boolean wide) {
        rex(wide, 0, 0, r, false);
        byte1(0xD3);
        regReg(kind, r);
    }

    /** shl/shr/sar r, imm8 */
    public void shiftImm(int kind, int r, int count, boolean wide) {
        rex(wide, 0, 0, r, false);
        byte1(0xC1);
        regReg(kind, r);
        byte1(count);
    }

    /** test a, b */
    public void test(int a, int b, boolean wide) {
        rex(wide, b, 0, a, false);
        byte1(0x85);
        regReg(b, a);
    }

    /** setcc r8 then movzx r32, r8: r = condition ? 1 : 0. */
    public void setcc(int cc, int r) {
        rex(false, 0, 0, r, r >= 4);
        byte1(0x0F);
        byte1(0x90 + cc);
        regReg(0, r);
        rex(false, r, 0, r, r >= 4);
        byte1(0x0F);
        byte1(0xB6);
        regReg(r, r);
    }

    /** cmovcc dst, src (64-bit) */
    public void cmov(int cc, int dst, int src) {
        rex(true, dst, 0, src, false);
        byte1(0x0F);
        byte1(0x40 + cc);
        regReg(dst, src);
    }

    /** inc or dec r (64-bit) */
    public void incDec(int r, boolean inc) {
        rex(true, 0, 0, r, false);
        byte1(0xFF);
        regReg(inc ? 0 : 1, r);
    }

    // ------------------------------------------------------------------ control flow

    public void jcc(int cc, int label) {
        byte1(0x0F);
        byte1(0x80 + cc);
        rel32(label);
    }

    public void jmp(int label) {
        byte1(0xE9);
        rel32(label);
    }

    /** jmp r */
    public void jmpReg(int r) {
        rex(false, 0, 0, r, false);
        byte1(0xFF);
        regReg(4, r);
    }

    public void call(int label) {
        byte1(0xE8);
        rel32(label);
    }

    /** call qword [base + disp] */
    public void callMem(int base, int disp) {
        rex(false, 0, 0, base, false);
        byte1(0xFF);
        mem(2, base, disp);
    }

    /** movsxd dst, dword [base + index*4] (a jump table's entry) */
    public void loadTableEntry(int dst, int base, int index) {
        rex(true, dst, index, base, false);
        byte1(0x63);
        byte1(0x04 | ((dst & 7) << 3));
        byte1(0x80 | ((index & 7) << 3) | (base & 7));
    }

    public void push(int r) {
        rex(false, 0, 0, r, false);
        byte1(0x50 + (r & 7));
    }

    public void pop(int r) {
        rex(false, 0, 0, r, false);
        byte1(0x58 + (r & 7));
    }

    public void ret() {
        byte1(0xC3);
    }

    public void leave() {
        byte1(0xC9);
    }

    public void ud2() {
        byte1(0x0F);
        byte1(0x0B);
    }
}
