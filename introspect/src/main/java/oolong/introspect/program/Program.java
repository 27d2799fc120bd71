package oolong.introspect.program;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import oolong.introspect.debug.DebugInfo;
import oolong.introspect.debug.StructLayout;
import oolong.introspect.memory.MemoryAccessException;
import oolong.introspect.memory.PageTables;
import oolong.introspect.memory.PhysicalMemory;

/**
 * The kernel as memory and debug information (drgn's Program): reads the kernel's variables and
 * Java objects straight from guest memory, whatever the kernel is doing (running, paused, hung,
 * panicked, or long gone and saved in a dump). The memory can be a live machine or a core dump;
 * nothing here knows which.
 *
 * The kernel's addresses are identity-mapped (virtual = physical below 1 GiB, docs/memory.md), so
 * kernel pointers are read as physical addresses; user addresses go through a process's page
 * tables ({@link #readUser}).
 */
public final class Program {
    /** The end of the kernel's identity map: everything the kernel points to is below it. */
    public static final long KERNEL_LIMIT = 1L << 30;

    private final PhysicalMemory memory;
    private final Image kernel;
    private final Image user;
    private final Supplier<CpuState> cpuSource;
    private CpuState cpu;
    private final Map<Long, String> classNames = new HashMap<>();
    private long beforeClasses = -1;

    /**
     * @param memory the guest's physical memory (cached: a Program is one consistent look)
     * @param kernel the kernel image
     * @param user   the user image, or null
     * @param cpu    CPU 0's registers at the time of the look, or null when unknown
     */
    public Program(PhysicalMemory memory, Image kernel, Image user, CpuState cpu) {
        this(memory, kernel, user, cpu == null ? null : () -> cpu);
    }

    /** The same, with the registers read only if something asks for them (a live look's QMP call saved). */
    public Program(PhysicalMemory memory, Image kernel, Image user, Supplier<CpuState> cpu) {
        this.memory = memory;
        this.kernel = kernel;
        this.user = user;
        this.cpuSource = cpu;
    }

    public PhysicalMemory memory() {
        return memory;
    }

    public Image kernel() {
        return kernel;
    }

    public Optional<Image> user() {
        return Optional.ofNullable(user);
    }

    public DebugInfo debug() {
        return kernel.debug();
    }

    /** CPU 0's registers when this look was taken. */
    public synchronized CpuState cpu() {
        if (cpuSource == null) {
            throw new IllegalStateException("the CPU's registers are not known for this memory image");
        }
        if (cpu == null) {
            cpu = cpuSource.get();
        }
        return cpu;
    }

    public boolean hasCpu() {
        return cpuSource != null;
    }

    // ------------------------------------------------------------------ raw reads of kernel memory

    public byte[] read(long address, int length) {
        checkKernel(address, length);
        return memory.read(address, length);
    }

    public long readLong(long address) {
        return buffer(address, 8).getLong(0);
    }

    public int readInt(long address) {
        return buffer(address, 4).getInt(0);
    }

    public short readShort(long address) {
        return buffer(address, 2).getShort(0);
    }

    public byte readByte(long address) {
        return read(address, 1)[0];
    }

    /** A value of 1, 2, 4 or 8 bytes, sign-extended. */
    public long readSigned(long address, long size) {
        return switch ((int) size) {
            case 1 -> readByte(address);
            case 2 -> readShort(address);
            case 4 -> readInt(address);
            case 8 -> readLong(address);
            default -> throw new IllegalArgumentException("no integer of " + size + " bytes");
        };
    }

    private ByteBuffer buffer(long address, int n) {
        return ByteBuffer.wrap(read(address, n)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void checkKernel(long address, int length) {
        if (address < 0x1000 || address + length > KERNEL_LIMIT) {
            throw new MemoryAccessException(address, String.format("0x%x is not a kernel address (the kernel's memory"
                    + " is 0x1000..0x%x)", address, KERNEL_LIMIT));
        }
    }

    // ------------------------------------------------------------------ symbols and variables

    /** The address of a symbol of the kernel image. */
    public long address(String symbol) {
        return kernel.requireAddress(symbol);
    }

    /** What an address is: a symbol of the kernel (below 1 GiB) or of the user image. */
    public Optional<Symbol> symbol(long address) {
        if (address >= 0 && address < KERNEL_LIMIT) {
            return kernel.symbolize(address);
        }
        return user == null ? Optional.empty() : user.symbolize(address);
    }

    /** A C structure's layout in the kernel image (TeaVM_Object, user_context, ...). */
    public StructLayout struct(String name) {
        return kernel.debug().struct(name);
    }

    /** The address of a static field's storage. */
    public long staticAddress(String className, String field) {
        return address(kernel.debug().staticSymbol(className, field));
    }

    /** A static reference field's object, or null. */
    public JavaObject staticObject(String className, String field) {
        return objectOrNull(readLong(staticAddress(className, field)));
    }

    // ------------------------------------------------------------------ Java objects

    /** The object at an address, typed by its header. */
    public JavaObject object(long address) {
        if (address == 0) {
            throw new IllegalArgumentException("null is not an object");
        }
        return new JavaObject(this, address, classNameOf(address));
    }

    /** The object at an address, or null for 0. */
    public JavaObject objectOrNull(long address) {
        return address == 0 ? null : object(address);
    }

    /** The address of an object's class record (TeaVM_Class), from its header. */
    public long classRecordOf(long object) {
        int header = readInt(object + struct("TeaVM_Object").offset("header"));
        return beforeClasses() + (header << 3);      /* TEAVM_UNPACK_CLASS: the GC's flag bits shift out */
    }

    /** The Java class name of the object at an address ("oolong.kernel.proc.Process", "int[]"). */
    public String classNameOf(long object) {
        return className(classRecordOf(object));
    }

    /** The Java class a class record describes. */
    public String className(long classRecord) {
        String cached = classNames.get(classRecord);
        if (cached != null) {
            return cached;
        }
        String name = null;
        Optional<Symbol> s = kernel.symbolize(classRecord);
        if (s.isPresent() && s.get().offset() == 0) {
            name = kernel.debug().classOfVtable(s.get().name()).orElse(null);
        }
        if (name == null) {
            StructLayout cls = struct("TeaVM_Class");
            long item = readLong(classRecord + cls.offset("itemType"));
            if (item != 0) {
                name = className(item) + "[]";
            } else {
                name = classRecordName(classRecord, cls);
            }
        }
        classNames.put(classRecord, name);
        return name;
    }

    /** The class record's own name string (primitive classes: "int", ...). */
    private String classRecordName(long classRecord, StructLayout cls) {
        if (!cls.members().containsKey("name")) {
            throw new IllegalStateException(String.format("no class is described at 0x%x", classRecord));
        }
        long slot = readLong(classRecord + cls.offset("name"));
        long string = slot == 0 ? 0 : readLong(slot);
        if (string == 0) {
            throw new IllegalStateException(String.format("no class is described at 0x%x", classRecord));
        }
        return javaString(string);
    }

    /** Whether a class record describes a primitive type (its element size is then its size). */
    public boolean primitiveClass(long classRecord) {
        int flags = readInt(classRecord + struct("TeaVM_Class").offset("flags"));
        return ((flags >> 4) & 15) != 0;
    }

    /** The text of a java.lang.String object. */
    public String javaString(long string) {
        long chars = readLong(string + struct("TeaVM_String").offset("characters"));
        if (chars == 0) {
            return "";
        }
        int length = arrayLength(chars);
        if (length < 0 || length > 1 << 20) {
            throw new IllegalStateException(String.format("the string at 0x%x has a bad length %d", string, length));
        }
        byte[] b = read(arrayData(chars, 2), length * 2);
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = (char) ((b[2 * i] & 0xFF) | (b[2 * i + 1] & 0xFF) << 8);
        }
        return new String(c);
    }

    public int arrayLength(long array) {
        return readInt(array + struct("TeaVM_Array").offset("size"));
    }

    /** Where an array's elements start: after the array header, aligned to the element size (TEAVM_ARRAY_DATA). */
    public long arrayData(long array, int elementSize) {
        long header = struct("TeaVM_Array").size();
        return array + (header + elementSize - 1) / elementSize * elementSize;
    }

    /** TeaVM's base for packed class pointers (teavm_beforeClasses, set at start-up). */
    public long beforeClasses() {
        if (beforeClasses < 0) {
            beforeClasses = readLong(address("teavm_beforeClasses"));
        }
        return beforeClasses;
    }

    // ------------------------------------------------------------------ user memory

    /** A user virtual address's physical address under a process's page tables (CR3), or -1. */
    public long translateUser(long cr3, long virtual) {
        return PageTables.translate(memory, cr3, virtual);
    }

    /** Reads user memory through a process's page tables; fails at the first unmapped page. */
    public byte[] readUser(long cr3, long virtual, int length) {
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            long va = virtual + done;
            long pa = translateUser(cr3, va);
            if (pa < 0) {
                throw new MemoryAccessException(va, String.format("user address 0x%x is not mapped", va));
            }
            int n = (int) Math.min(length - done, 4096 - (va & 4095));
            memory.read(pa, out, done, n);
            done += n;
        }
        return out;
    }

    public long readUserLong(long cr3, long virtual) {
        return ByteBuffer.wrap(readUser(cr3, virtual, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    @Override
    public String toString() {
        return "the kernel's memory with the symbols and layouts of " + kernel.elf() + (user != null ? " and " + user.elf() : "")
                + ": object(a), staticObject(class, field), readLong(a), symbol(a), struct(name), cpu()";
    }
}
