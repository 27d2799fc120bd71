package oolong.introspect.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import oolong.introspect.debug.SourceLines;
import oolong.introspect.debug.StructLayout;
import oolong.introspect.memory.MemoryAccessException;
import oolong.introspect.program.CpuState;
import oolong.introspect.program.Image;
import oolong.introspect.program.JavaObject;
import oolong.introspect.program.Program;
import oolong.introspect.program.Symbol;

/**
 * Backtraces from registers and memory alone, by the frame-pointer chain: every function of both
 * images is compiled with {@code -fno-omit-frame-pointer}, so {@code [rbp]} is the caller's rbp and
 * {@code [rbp+8]} the return address. Three places need more than the chain:
 *
 * <ul>
 *   <li>a CPU exception or interrupt in the kernel: {@code trap_common} (traps.S) calls
 *       {@code k_trap} with the saved registers on the stack; the walk finds that frame and goes
 *       on from the interrupted code's rip and rbp;</li>
 *   <li>the CPU in user mode: the kernel is parked in {@code k_run_user} (usermode.S), which saved
 *       its registers on the kernel stack and the stack pointer in {@code kernel_saved_rsp};</li>
 *   <li>a user process: its registers are in its saved context (struct user_context), unless it
 *       is the one the CPU is running.</li>
 * </ul>
 *
 * Code without a frame (musl's functions, assembly) hides its caller; the walk stops where a frame
 * pointer or return address stops making sense and says why.
 */
public final class StackUnwinder {
    static final int MAX_FRAMES = 64;
    /** User space: from the image's 1 GiB to the top of the lower half. */
    static final long USER_START = 1L << 30;
    static final long USER_END = 0x0000_8000_0000_0000L;
    private static final String[] VECTORS = {"#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
            "#BR bound range", "#UD invalid opcode", "#NM device not available", "#DF double fault", "coprocessor overrun",
            "#TS invalid TSS", "#NP segment not present", "#SS stack fault", "#GP general protection", "#PF page fault"};

    private final Program program;

    public StackUnwinder(Program program) {
        this.program = program;
    }

    /** A frame before symbolization: the address, whether it is a return address, and a note. */
    private record Raw(long pc, boolean returnAddress, String note) {
    }

    // ------------------------------------------------------------------ the kernel

    /** The kernel's stack, from CPU 0's registers. */
    public Backtrace kernel() {
        CpuState cpu = program.cpu();
        List<Raw> raw = new ArrayList<>();
        String origin;
        long fp;
        if (cpu.cpl() == 3) {
            /* k_run_user pushed rbx, rbp, r12..r15 and saved rsp: [rsp+32] is rbp, [rsp+48] the return address */
            long saved = program.readLong(program.address("kernel_saved_rsp"));
            Image user = program.user().orElse(null);
            String where = user == null ? "" : user.symbolize(cpu.rip()).map(s -> " in " + s).orElse("");
            origin = String.format("kernel backtrace: CPU 0 is running a user process (rip 0x%x%s); the kernel waits in"
                    + " k_run_user", cpu.rip(), where);
            raw.add(new Raw(program.address("k_run_user"), false, "the kernel's call into user mode"));
            raw.add(new Raw(program.readLong(saved + 48), true, null));
            fp = program.readLong(saved + 32);
        } else {
            origin = String.format("kernel backtrace: CPU 0 in the kernel at rip 0x%x (rsp 0x%x, rbp 0x%x)", cpu.rip(),
                    cpu.rsp(), cpu.rbp());
            raw.add(new Raw(cpu.rip(), false, null));
            long caller = leafCaller(program.kernel(), cpu.rip(), cpu.rsp(), program::read);
            if (caller != 0) {
                raw.add(new Raw(caller, true, null));
            }
            fp = cpu.rbp();
        }
        String stop = walkKernel(fp, raw);
        return new Backtrace(origin, symbolize(program.kernel(), raw), stop);
    }

    private String walkKernel(long fp, List<Raw> raw) {
        Image kernel = program.kernel();
        long trapCommon = kernel.address("trap_common").orElse(-1);
        while (raw.size() < MAX_FRAMES) {
            if (fp == 0) {
                return "the frame pointer chain ends";
            }
            if (fp < 0x1000 || fp >= Program.KERNEL_LIMIT - 16 || (fp & 7) != 0) {
                return String.format("frame pointer 0x%x is not on a kernel stack: the walk stops (a function without"
                        + " a frame pointer, or the stack's end)", fp);
            }
            long next;
            long ret;
            try {
                next = program.readLong(fp);
                ret = program.readLong(fp + 8);
            } catch (MemoryAccessException e) {
                return "the stack at 0x" + Long.toHexString(fp) + " cannot be read: " + e.getMessage();
            }
            if (ret == 0) {
                return "the stack ends";
            }
            if (!kernel.inText(ret)) {
                return String.format("0x%x (at 0x%x) is not a return address into the kernel's code", ret, fp + 8);
            }
            if (trapCommon >= 0 && kernel.symbolize(ret).map(Symbol::name).orElse("").equals("trap_common")) {
                long frame = trapFrame(fp);
                if (frame < 0) {
                    return "a trap frame was expected above 0x" + Long.toHexString(fp) + " but none is there";
                }
                StructLayout tf = program.struct("trap_frame");
                long vector = program.readLong(frame + tf.offset("vector"));
                long rip = program.readLong(frame + tf.offset("rip"));
                String what = vector < VECTORS.length ? "CPU exception " + vector + " (" + VECTORS[(int) vector] + ")"
                        : vector >= 32 && vector < 48 ? "interrupt (IRQ " + (vector - 32) + ")" : "trap " + vector;
                raw.add(new Raw(rip, false, what + " here"));
                fp = program.readLong(frame + tf.offset("rbp"));
                continue;
            }
            raw.add(new Raw(ret, true, null));
            if (next != 0 && next <= fp) {
                return String.format("the next frame pointer 0x%x is not above 0x%x: the walk stops", next, fp);
            }
            fp = next;
        }
        return "stopped after " + MAX_FRAMES + " frames";
    }

    /**
     * The trap frame trap_common built: k_trap's frame is at fp, its return address at fp+8, and
     * trap_common aligned the stack to 16 before the call, so the frame starts 16 or 24 bytes up.
     */
    private long trapFrame(long fp) {
        StructLayout tf = program.struct("trap_frame");
        for (long candidate : new long[] {fp + 16, fp + 24}) {
            long cs = program.readLong(candidate + tf.offset("cs"));
            long vector = program.readLong(candidate + tf.offset("vector"));
            if ((cs & ~3L) == 0x08 && vector < 256 && program.kernel().inText(program.readLong(candidate + tf.offset("rip")))) {
                return candidate;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ user processes

    /** A process's user stack: from its saved registers, or from the CPU's when it is the one running. */
    public Backtrace user(int pid) {
        Image user = program.user().orElseThrow(() -> new IllegalStateException("no user image is loaded"));
        JavaObject p = new ProcessWalker(program).find(pid);
        long cr3 = new PageWalker(program).cr3(pid);
        JavaObject registers = p.ref("registers");
        if (cr3 < 0 || registers == null || !registers.className().equals("oolong.kernel.arch.ContextFrame")) {
            throw new IllegalStateException("process " + pid + " is " + p.ref("state").enumName() + " and has no user context");
        }
        StructLayout uc = program.struct("user_context");
        long context = registers.ref("context").getLong("address");
        long rip = program.readLong(context + uc.offset("rip"));
        long rbp = program.readLong(context + uc.offset("rbp"));
        long rsp = program.readLong(context + uc.offset("rsp"));
        String origin = String.format("user backtrace of pid %d (%s): saved registers rip 0x%x rsp 0x%x rbp 0x%x", pid,
                p.getString("program"), rip, rsp, rbp);
        if (program.hasCpu() && program.cpu().cpl() == 3 && (program.cpu().cr3() & ~0xFFFL) == cr3) {
            CpuState cpu = program.cpu();
            rip = cpu.rip();
            rbp = cpu.rbp();
            rsp = cpu.rsp();
            origin = String.format("user backtrace of pid %d (%s), running on CPU 0: rip 0x%x rsp 0x%x rbp 0x%x", pid,
                    p.getString("program"), rip, cpu.rsp(), rbp);
        }
        List<Raw> raw = new ArrayList<>();
        raw.add(new Raw(rip, false, null));
        long caller = leafCaller(user, rip, rsp, (a, n) -> program.readUser(cr3, a, n));
        if (caller != 0) {
            raw.add(new Raw(caller, true, null));
        }
        String stop = walkUser(cr3, rbp, raw);
        return new Backtrace(origin, symbolize(user, raw), stop);
    }

    private String walkUser(long cr3, long fp, List<Raw> raw) {
        Image user = program.user().orElseThrow();
        while (raw.size() < MAX_FRAMES) {
            if (fp == 0) {
                return "the frame pointer chain ends";
            }
            if (fp < USER_START || fp >= USER_END - 16 || (fp & 7) != 0) {
                return String.format("frame pointer 0x%x is not a user stack address: the walk stops", fp);
            }
            long next;
            long ret;
            try {
                next = program.readUserLong(cr3, fp);
                ret = program.readUserLong(cr3, fp + 8);
            } catch (MemoryAccessException e) {
                return e.getMessage() + ": the walk stops";
            }
            if (ret == 0 || !user.inText(ret)) {
                return ret == 0 ? "the stack ends" : String.format("0x%x is not a return address into the user image", ret);
            }
            raw.add(new Raw(ret, true, null));
            if (next != 0 && next <= fp) {
                return String.format("the next frame pointer 0x%x is not above 0x%x: the walk stops", next, fp);
            }
            fp = next;
        }
        return "stopped after " + MAX_FRAMES + " frames";
    }

    /** Reads bytes of the memory a stack lives in (the kernel's, or a process's through its page tables). */
    private interface Bytes {
        byte[] read(long address, int length);
    }

    /**
     * The caller of the innermost frame when rbp does not belong to it yet: code without a frame
     * (k_idle is "sti; hlt; cli; ret") or stopped before its prologue ("push %rbp; mov %rsp,%rbp")
     * finished. Its return address is then on top of the stack (one word up after the push). Only
     * taken when the bytes before it are a call instruction; 0 when there is no such caller.
     */
    private static long leafCaller(Image image, long rip, long rsp, Bytes memory) {
        try {
            Symbol s = image.symbolize(rip).orElse(null);
            if (s == null) {
                return 0;
            }
            byte[] head = memory.read(s.start(), 4);
            boolean prologue = (head[0] & 0xFF) == 0x55 && (head[1] & 0xFF) == 0x48 && (head[2] & 0xFF) == 0x89
                    && (head[3] & 0xFF) == 0xE5;
            long offset = rip - s.start();
            if (prologue && offset >= 4) {
                return 0;
            }
            long slot = prologue && offset >= 1 ? rsp + 8 : rsp;
            byte[] b = memory.read(slot, 8);
            long ret = 0;
            for (int i = 7; i >= 0; i--) {
                ret = (ret << 8) | (b[i] & 0xFF);
            }
            return image.inText(ret) && followsCall(memory.read(ret - 7, 7)) ? ret : 0;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Whether the 7 bytes before an address end with a call: E8 rel32, or FF /2 (register, disp8, disp32). */
    static boolean followsCall(byte[] c) {
        int e8 = c[2] & 0xFF;
        if (e8 == 0xE8) {
            return true;
        }
        for (int at : new int[] {5, 4, 1}) {     /* FF modrm at ret-2 (reg), ret-3 (disp8), ret-6 (disp32) */
            int op = c[at] & 0xFF;
            int modrm = c[at + 1] & 0xFF;
            int mod = modrm >> 6;
            if (op == 0xFF && (modrm & 0x38) == 0x10 && ((at == 5 && mod == 3) || (at == 4 && mod == 1)
                    || (at == 1 && (mod == 2 || (mod == 0 && (modrm & 7) == 5))))) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ symbols and lines

    /**
     * Names every frame: its symbol and Java method, and its source lines (one run of addr2line for
     * the whole stack). A return address is looked up one byte back, inside the call instruction.
     */
    private static List<Frame> symbolize(Image image, List<Raw> raw) {
        List<Long> lookups = new ArrayList<>();
        for (Raw r : raw) {
            lookups.add(r.returnAddress() ? r.pc() - 1 : r.pc());
        }
        Map<Long, List<SourceLines.Line>> lines = image.sourceLines().lines(lookups);
        List<Frame> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            long at = lookups.get(i);
            Symbol s = image.symbolize(at).map(sym -> new Symbol(sym.image(), sym.name(), sym.start(), sym.size(),
                    sym.method(), raw.get(out.size()).pc())).orElse(null);
            List<Frame.Location> locations = new ArrayList<>();
            for (SourceLines.Line l : lines.getOrDefault(at, List.of())) {
                locations.add(new Frame.Location(image.methodAt(l).orElse(null), l.file(), l.line()));
            }
            out.add(new Frame(i, raw.get(i).pc(), s, List.copyOf(locations), raw.get(i).note()));
        }
        return out;
    }
}
