package oolong.api.sched.vm;

/**
 * A class file parsed just far enough to verify and interpret a scheduling policy: the constant
 * pool, the class's names, its fields and its methods with their code and line numbers.
 *
 * The kernel parses bytes sent from the host, so nothing is trusted: every read is bounds-checked
 * and every constant-pool reference is checked for its tag; anything malformed is a
 * {@link PolicyRejected} with the offset where it went wrong. Plain arrays only, because the
 * kernel's copy of this code is compiled ahead of time and runs without a class library to speak of.
 */
public final class ClassFile {
    public static final int MAX_BYTES = 64 * 1024;
    public static final int MAX_CONSTANTS = 4096;
    public static final int MAX_METHODS = 64;
    public static final int MAX_FIELDS = 64;

    static final int UTF8 = 1;
    static final int INTEGER = 3;
    static final int FLOAT = 4;
    static final int LONG = 5;
    static final int DOUBLE = 6;
    static final int CLASS = 7;
    static final int STRING = 8;
    static final int FIELDREF = 9;
    static final int METHODREF = 10;
    static final int INTERFACE_METHODREF = 11;
    static final int NAME_AND_TYPE = 12;
    static final int METHOD_HANDLE = 15;
    static final int METHOD_TYPE = 16;
    static final int DYNAMIC = 17;
    static final int INVOKE_DYNAMIC = 18;
    static final int MODULE = 19;
    static final int PACKAGE = 20;

    public static final int ACC_PUBLIC = 0x0001;
    public static final int ACC_PRIVATE = 0x0002;
    public static final int ACC_STATIC = 0x0008;
    public static final int ACC_FINAL = 0x0010;
    public static final int ACC_SYNCHRONIZED = 0x0020;
    public static final int ACC_NATIVE = 0x0100;
    public static final int ACC_INTERFACE = 0x0200;
    public static final int ACC_ABSTRACT = 0x0400;

    /** A method: its name, descriptor, flags and (unless abstract or native) code. */
    public static final class Method {
        public final String name;
        public final String descriptor;
        public final int access;
        public int maxStack;
        public int maxLocals;
        public byte[] code;
        public int exceptionHandlers;
        /** Pairs (start_pc, line) from LineNumberTable, or empty. */
        public int[] lines = new int[0];

        Method(String name, String descriptor, int access) {
            this.name = name;
            this.descriptor = descriptor;
            this.access = access;
        }

        public boolean isStatic() {
            return (access & ACC_STATIC) != 0;
        }

        /** The source line of the instruction at pc, or -1 if the class has no line numbers. */
        public int lineAt(int pc) {
            int best = -1;
            int bestStart = -1;
            for (int i = 0; i + 1 < lines.length; i += 2) {
                if (lines[i] <= pc && lines[i] > bestStart) {
                    bestStart = lines[i];
                    best = lines[i + 1];
                }
            }
            return best;
        }
    }

    /** A field: only compile-time constants (static final with a ConstantValue) are allowed later. */
    public static final class Field {
        public final String name;
        public final String descriptor;
        public final int access;
        public boolean hasConstantValue;

        Field(String name, String descriptor, int access) {
            this.name = name;
            this.descriptor = descriptor;
            this.access = access;
        }
    }

    private final byte[] b;
    private int pos;

    private int[] tags;
    private int[] ref1;
    private int[] ref2;
    private long[] numbers;
    private String[] utf8;

    public int access;
    public String name;
    public String superName;
    public String[] interfaces;
    public Field[] fields;
    public Method[] methods;
    public String sourceFile;

    private ClassFile(byte[] bytes) {
        this.b = bytes;
    }

    /** Parses a class file; throws {@link PolicyRejected} if it is not a well-formed one. */
    public static ClassFile parse(byte[] bytes) {
        if (bytes == null || bytes.length < 10) {
            throw new PolicyRejected("malformed class file: " + (bytes == null ? "no bytes" : bytes.length + " bytes"));
        }
        if (bytes.length > MAX_BYTES) {
            throw new PolicyRejected("class file of " + bytes.length + " bytes is larger than the limit of " + MAX_BYTES);
        }
        ClassFile cf = new ClassFile(bytes);
        cf.read();
        return cf;
    }

    private void read() {
        if (u4() != 0xCAFEBABE) {
            throw malformed("not a class file (bad magic number)");
        }
        u2();
        int major = u2();
        if (major < 45 || major > 69) {
            throw malformed("class file version " + major + " is not supported (45..69)");
        }
        readConstants();
        access = u2();
        name = className(u2());
        int superIndex = u2();
        superName = superIndex == 0 ? null : className(superIndex);
        int n = u2();
        interfaces = new String[n];
        for (int i = 0; i < n; i++) {
            interfaces[i] = className(u2());
        }
        n = u2();
        if (n > MAX_FIELDS) {
            throw malformed(n + " fields (at most " + MAX_FIELDS + ")");
        }
        fields = new Field[n];
        for (int i = 0; i < n; i++) {
            int acc = u2();
            Field f = new Field(utf8(u2()), utf8(u2()), acc);
            int attributes = u2();
            for (int a = 0; a < attributes; a++) {
                String attr = utf8(u2());
                int len = u4();
                int end = skip(len);
                if (attr.equals("ConstantValue")) {
                    f.hasConstantValue = true;
                }
                pos = end;
            }
            fields[i] = f;
        }
        n = u2();
        if (n > MAX_METHODS) {
            throw malformed(n + " methods (at most " + MAX_METHODS + ")");
        }
        methods = new Method[n];
        for (int i = 0; i < n; i++) {
            methods[i] = readMethod();
        }
        checkUnique();
        n = u2();
        for (int i = 0; i < n; i++) {
            String attr = utf8(u2());
            int len = u4();
            int end = skip(len);
            if (attr.equals("SourceFile") && len == 2) {
                pos = end - 2;
                sourceFile = utf8(u2());
            }
            pos = end;
        }
        if (pos != b.length) {
            throw malformed((b.length - pos) + " bytes after the end of the class");
        }
    }

    /**
     * JVMS 4.5 and 4.6: no two fields, and no two methods, with the same name and descriptor.
     * javac never writes such a class; a hand-made one would leave "which pick runs?" open.
     */
    private void checkUnique() {
        String display = PolicyVerifier.displayName(name);
        for (int i = 0; i < fields.length; i++) {
            for (int j = 0; j < i; j++) {
                if (fields[i].name.equals(fields[j].name) && fields[i].descriptor.equals(fields[j].descriptor)) {
                    throw new PolicyRejected("malformed class file: " + display + " declares the field " + fields[i].name
                            + " twice (JVMS 4.5: a name and descriptor may appear only once)");
                }
            }
        }
        for (int i = 0; i < methods.length; i++) {
            for (int j = 0; j < i; j++) {
                if (methods[i].name.equals(methods[j].name) && methods[i].descriptor.equals(methods[j].descriptor)) {
                    throw new PolicyRejected("malformed class file: " + display + " declares " + methods[i].name
                            + methods[i].descriptor + " twice (JVMS 4.6: a name and descriptor may appear only once)");
                }
            }
        }
    }

    private Method readMethod() {
        int acc = u2();
        Method m = new Method(utf8(u2()), utf8(u2()), acc);
        int attributes = u2();
        for (int a = 0; a < attributes; a++) {
            String attr = utf8(u2());
            int len = u4();
            int end = skip(len);
            if (attr.equals("Code")) {
                if (m.code != null) {
                    throw malformed("method " + m.name + " has two Code attributes");
                }
                pos = end - len;
                m.maxStack = u2();
                m.maxLocals = u2();
                int codeLength = u4();
                if (codeLength <= 0 || codeLength > len) {
                    throw malformed("method " + m.name + ": code length " + codeLength);
                }
                m.code = new byte[codeLength];
                System.arraycopy(b, pos, m.code, 0, codeLength);
                skip(codeLength);
                m.exceptionHandlers = u2();
                skip(8 * m.exceptionHandlers);
                int inner = u2();
                for (int k = 0; k < inner; k++) {
                    String innerName = utf8(u2());
                    int innerLen = u4();
                    int innerEnd = skip(innerLen);
                    if (innerName.equals("LineNumberTable")) {
                        pos = innerEnd - innerLen;
                        int count = u2();
                        if (2 + 4 * count != innerLen) {
                            throw malformed("method " + m.name + ": bad LineNumberTable");
                        }
                        int[] lines = new int[2 * count];
                        for (int l = 0; l < count; l++) {
                            lines[2 * l] = u2();
                            lines[2 * l + 1] = u2();
                        }
                        int[] merged = new int[m.lines.length + lines.length];
                        System.arraycopy(m.lines, 0, merged, 0, m.lines.length);
                        System.arraycopy(lines, 0, merged, m.lines.length, lines.length);
                        m.lines = merged;
                    }
                    pos = innerEnd;
                }
                if (pos != end) {
                    throw malformed("method " + m.name + ": Code attribute length does not match its contents");
                }
            }
            pos = end;
        }
        return m;
    }

    private void readConstants() {
        int count = u2();
        if (count < 1 || count > MAX_CONSTANTS) {
            throw malformed("constant pool of " + count + " entries");
        }
        tags = new int[count];
        ref1 = new int[count];
        ref2 = new int[count];
        numbers = new long[count];
        utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = u1();
            tags[i] = tag;
            switch (tag) {
                case UTF8 -> utf8[i] = readUtf8(u2());
                case INTEGER, FLOAT -> numbers[i] = u4();
                case LONG, DOUBLE -> {
                    long hi = u4() & 0xFFFFFFFFL;
                    long lo = u4() & 0xFFFFFFFFL;
                    numbers[i] = (hi << 32) | lo;
                    if (++i >= count) {
                        throw malformed("8-byte constant at the end of the constant pool");
                    }
                    tags[i] = 0;
                }
                case CLASS, STRING, METHOD_TYPE, MODULE, PACKAGE -> ref1[i] = u2();
                case FIELDREF, METHODREF, INTERFACE_METHODREF, NAME_AND_TYPE, DYNAMIC, INVOKE_DYNAMIC -> {
                    ref1[i] = u2();
                    ref2[i] = u2();
                }
                case METHOD_HANDLE -> {
                    ref1[i] = u1();
                    ref2[i] = u2();
                }
                default -> throw malformed("unknown constant tag " + tag + " at entry " + i);
            }
        }
        // Cross-references must point at entries of the right kind.
        for (int i = 1; i < count; i++) {
            switch (tags[i]) {
                case CLASS, STRING, METHOD_TYPE, MODULE, PACKAGE -> expect(ref1[i], UTF8, i);
                case FIELDREF, METHODREF, INTERFACE_METHODREF -> {
                    expect(ref1[i], CLASS, i);
                    expect(ref2[i], NAME_AND_TYPE, i);
                }
                case NAME_AND_TYPE -> {
                    expect(ref1[i], UTF8, i);
                    expect(ref2[i], UTF8, i);
                }
                case DYNAMIC, INVOKE_DYNAMIC -> expect(ref2[i], NAME_AND_TYPE, i);
                default -> {
                }
            }
        }
    }

    private void expect(int index, int tag, int from) {
        if (index <= 0 || index >= tags.length || tags[index] != tag) {
            throw malformed("constant " + from + " refers to entry " + index + ", which is not of the expected kind");
        }
    }

    /** Decodes modified UTF-8 (the class-file flavour). */
    private String readUtf8(int len) {
        int end = skip(len);
        int start = end - len;
        char[] out = new char[len];
        int n = 0;
        int i = start;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                out[n++] = (char) c;
                i++;
            } else if ((c & 0xE0) == 0xC0 && i + 1 < end) {
                out[n++] = (char) (((c & 0x1F) << 6) | (b[i + 1] & 0x3F));
                i += 2;
            } else if ((c & 0xF0) == 0xE0 && i + 2 < end) {
                out[n++] = (char) (((c & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F));
                i += 3;
            } else {
                throw malformed("bad modified UTF-8 at byte " + i);
            }
        }
        return new String(out, 0, n);
    }

    // ------------------------------------------------------------------ constant pool queries

    public int constantCount() {
        return tags.length;
    }

    public int tag(int index) {
        return index > 0 && index < tags.length ? tags[index] : 0;
    }

    public String utf8(int index) {
        if (tag(index) != UTF8) {
            throw malformed("constant " + index + " is not a string");
        }
        return utf8[index];
    }

    public String className(int index) {
        if (tag(index) != CLASS) {
            throw malformed("constant " + index + " is not a class");
        }
        return utf8[ref1[index]];
    }

    /** Owner class of a field or method reference. */
    public String memberOwner(int index) {
        return className(ref1[index]);
    }

    public String memberName(int index) {
        return utf8[ref1[ref2[index]]];
    }

    public String memberDescriptor(int index) {
        return utf8[ref2[ref2[index]]];
    }

    public long number(int index) {
        return numbers[index];
    }

    // ------------------------------------------------------------------ bounded reading

    private PolicyRejected malformed(String what) {
        return new PolicyRejected("malformed class file: " + what + " (at byte " + pos + ")");
    }

    private int skip(int n) {
        if (n < 0 || n > b.length - pos) {
            throw malformed("truncated: " + n + " more bytes needed, " + (b.length - pos) + " left");
        }
        pos += n;
        return pos;
    }

    private int u1() {
        skip(1);
        return b[pos - 1] & 0xFF;
    }

    private int u2() {
        skip(2);
        return ((b[pos - 2] & 0xFF) << 8) | (b[pos - 1] & 0xFF);
    }

    private int u4() {
        skip(4);
        return ((b[pos - 4] & 0xFF) << 24) | ((b[pos - 3] & 0xFF) << 16) | ((b[pos - 2] & 0xFF) << 8) | (b[pos - 1] & 0xFF);
    }
}
