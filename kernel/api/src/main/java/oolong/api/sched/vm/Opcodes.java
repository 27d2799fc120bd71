package oolong.api.sched.vm;

/**
 * The JVM opcodes the policy VM runs (JVMS 6.5), by name, so that the verifier's and the
 * interpreter's switches read as instructions rather than numbers. Only the allowed instructions
 * are named; {@link InstructionSet} says why every other opcode is refused.
 *
 * Compile-time constants only: javac copies them into each switch, so naming costs nothing at
 * run time and this class is never initialised by the kernel.
 */
final class Opcodes {
    static final int NOP = 0x00;
    static final int ACONST_NULL = 0x01;
    static final int ICONST_M1 = 0x02;
    static final int ICONST_0 = 0x03;
    static final int ICONST_1 = 0x04;
    static final int ICONST_2 = 0x05;
    static final int ICONST_3 = 0x06;
    static final int ICONST_4 = 0x07;
    static final int ICONST_5 = 0x08;
    static final int LCONST_0 = 0x09;
    static final int LCONST_1 = 0x0a;
    static final int BIPUSH = 0x10;
    static final int SIPUSH = 0x11;
    static final int LDC = 0x12;
    static final int LDC_W = 0x13;
    static final int LDC2_W = 0x14;

    static final int ILOAD = 0x15;
    static final int LLOAD = 0x16;
    static final int ALOAD = 0x19;
    static final int ILOAD_0 = 0x1a;
    static final int ILOAD_3 = 0x1d;
    static final int LLOAD_0 = 0x1e;
    static final int LLOAD_3 = 0x21;
    static final int ALOAD_0 = 0x2a;
    static final int ALOAD_3 = 0x2d;
    static final int ISTORE = 0x36;
    static final int LSTORE = 0x37;
    static final int ASTORE = 0x3a;
    static final int ISTORE_0 = 0x3b;
    static final int ISTORE_3 = 0x3e;
    static final int LSTORE_0 = 0x3f;
    static final int LSTORE_3 = 0x42;
    static final int ASTORE_0 = 0x4b;
    static final int ASTORE_3 = 0x4e;

    static final int POP = 0x57;
    static final int POP2 = 0x58;
    static final int DUP = 0x59;
    static final int DUP_X1 = 0x5a;
    static final int DUP_X2 = 0x5b;
    static final int DUP2 = 0x5c;
    static final int DUP2_X1 = 0x5d;
    static final int DUP2_X2 = 0x5e;
    static final int SWAP = 0x5f;

    static final int IADD = 0x60;
    static final int LADD = 0x61;
    static final int ISUB = 0x64;
    static final int LSUB = 0x65;
    static final int IMUL = 0x68;
    static final int LMUL = 0x69;
    static final int IDIV = 0x6c;
    static final int LDIV = 0x6d;
    static final int IREM = 0x70;
    static final int LREM = 0x71;
    static final int INEG = 0x74;
    static final int LNEG = 0x75;
    static final int ISHL = 0x78;
    static final int LSHL = 0x79;
    static final int ISHR = 0x7a;
    static final int LSHR = 0x7b;
    static final int IUSHR = 0x7c;
    static final int LUSHR = 0x7d;
    static final int IAND = 0x7e;
    static final int LAND = 0x7f;
    static final int IOR = 0x80;
    static final int LOR = 0x81;
    static final int IXOR = 0x82;
    static final int LXOR = 0x83;
    static final int IINC = 0x84;
    static final int I2L = 0x85;
    static final int L2I = 0x88;
    static final int I2B = 0x91;
    static final int I2C = 0x92;
    static final int I2S = 0x93;
    static final int LCMP = 0x94;

    static final int IFEQ = 0x99;
    static final int IFNE = 0x9a;
    static final int IFLT = 0x9b;
    static final int IFGE = 0x9c;
    static final int IFGT = 0x9d;
    static final int IFLE = 0x9e;
    static final int IF_ICMPEQ = 0x9f;
    static final int IF_ICMPNE = 0xa0;
    static final int IF_ICMPLT = 0xa1;
    static final int IF_ICMPGE = 0xa2;
    static final int IF_ICMPGT = 0xa3;
    static final int IF_ICMPLE = 0xa4;
    static final int IF_ACMPEQ = 0xa5;
    static final int IF_ACMPNE = 0xa6;
    static final int GOTO = 0xa7;
    static final int TABLESWITCH = 0xaa;
    static final int LOOKUPSWITCH = 0xab;
    static final int IRETURN = 0xac;
    static final int LRETURN = 0xad;
    static final int RETURN = 0xb1;

    static final int INVOKEVIRTUAL = 0xb6;
    static final int INVOKESPECIAL = 0xb7;
    static final int INVOKESTATIC = 0xb8;
    static final int INVOKEINTERFACE = 0xb9;
    static final int WIDE = 0xc4;
    static final int GOTO_W = 0xc8;

    private Opcodes() {
    }
}
