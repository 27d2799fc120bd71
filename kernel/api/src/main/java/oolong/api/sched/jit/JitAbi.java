package oolong.api.sched.jit;

/**
 * The contract between compiled policy code, the assembly trampoline that enters and leaves it
 * (boot/src/main/native/kernel/jit.S) and the Java that drives it ({@link CompiledPolicy}).
 *
 * Compiled code runs on a stack of its own. Java enters it with {@code jit_run(ctx)}; it leaves
 * through {@code jit_yield} with a status: DONE (the result is in the context), CALLOUT (it
 * wants a run-queue call served: id and arguments in the context; Java serves it and continues
 * it with {@code jit_resume(ctx)}, the call's result in RESULT), or FAULT (a bound was hit: kind,
 * method and bytecode offset in the context; it is never resumed, its stack is simply dropped).
 * So machine code never calls into Java: TeaVM's runtime (its shadow stack, its exceptions, a
 * moving collector) never sees a foreign frame, and a call-out can throw like any Java call.
 *
 * Inside compiled code: r12 holds the context, r13 the instructions left in the budget, r14 the
 * call depth, rbp the frame of the current method; rsi points at a callee's arguments on entry.
 * The context is an array of 64-bit fields at these byte offsets (jit.S uses the same numbers;
 * JitAbiTest checks that they agree).
 */
public final class JitAbi {
    public static final int STATUS = 0;
    public static final int RESULT = 8;
    /** Call-out id, or fault kind. */
    public static final int ID = 16;
    public static final int ARG0 = 24;
    public static final int ARG1 = 32;
    public static final int ARG2 = 40;
    /** Method index and bytecode offset of the call-out or fault (for the message with the line). */
    public static final int METHOD = 48;
    public static final int PC = 56;
    /** Instructions left in the budget: set before jit_run, written back at every exit. */
    public static final int REMAINING = 64;
    public static final int JAVA_SP = 72;
    public static final int JIT_SP = 80;
    /** Top of the compiled code's own stack (16-byte aligned). */
    public static final int STACK_TOP = 88;
    /** Address of the compiled pick. */
    public static final int ENTRY = 96;
    /** Address of jit_yield, the one entry of the call-out table the code calls through. */
    public static final int YIELD = 104;
    /**
     * The run queue's read-only values for this decision, filled by Java before jit_run for the
     * accessors the code uses (CompiledCode.queueCalls): size, current, now, and one column
     * pointer per per-process accessor (pid .. sinceRun, run-queue ids 2..9), each an array of
     * longs indexed by process. Compiled code reads them inline; an index out of range takes the
     * call-out, so the run queue itself reports it.
     */
    public static final int QUEUE_SIZE = 112;
    public static final int QUEUE_CURRENT = 120;
    public static final int QUEUE_NOW = 128;
    public static final int COLUMNS = 136;
    /** Run-queue ids with a column: COLUMNS + 8 * (id - FIRST_COLUMN_ID). */
    public static final int FIRST_COLUMN_ID = 2;
    public static final int LAST_COLUMN_ID = 9;
    /**
     * Scratch values read inline too: slot s of every process is column SCRATCH_COLUMN + s of the
     * same array, its pointer at SCRATCH_COLUMNS + 8s. setScratch writes the column and then calls
     * out, so the run queue holds every value as it would have.
     */
    public static final int SCRATCH_COLUMNS = 200;
    public static final int SCRATCH_COLUMN = 8;
    public static final int SCRATCH_SLOTS = 4;
    /** Run-queue ids of scratch and setScratch (their bit in `columns` asks for the scratch columns). */
    public static final int SCRATCH_ID = 11;
    public static final int SET_SCRATCH_ID = 12;
    /**
     * A probe's or a patch's event, read inline (CompiledExtension fills what the code uses before
     * jit_run): pid, hook, now, and the six arguments at EVENT_ARGS + 8i. arg(i) with i outside
     * 0..5 takes the call-out, so the event reports it in its words.
     */
    public static final int EVENT_PID = 256;
    public static final int EVENT_HOOK = 264;
    public static final int EVENT_NOW = 272;
    public static final int EVENT_ARGS = 280;
    public static final int EVENT_ARG_COUNT = 6;
    /** Call-out ids of the event's methods (EVENT_CALLOUT + CompilerView.eventMethod id) and the maps'. */
    public static final int EVENT_CALLOUT = 32;
    public static final int MAPS_CALLOUT = 48;
    /** Bits of CompiledCode.eventCalls: which event values the code reads inline. */
    public static final int USES_PID = 1;
    public static final int USES_ARGS = 2;
    public static final int USES_NOW = 4;
    public static final int USES_HOOK = 8;
    /** The code updates its maps inline (MAPS_*): the maps' memory is handed over before the run. */
    public static final int USES_MAPS = 16;
    /**
     * A probe's or a patch's maps, updated inline by add, get and put: the address of the words of
     * FixedMaps.memory() (its layout is FixedMaps.HEADER_WORDS'), the tables' mask and the maps'
     * capacity. MAPS_BASE 0: no such memory (maps of another kind), every maps call goes out.
     */
    public static final int MAPS_BASE = 336;
    public static final int MAPS_MASK = 344;
    public static final int MAPS_CAPACITY = 352;
    /**
     * The run queue's global values (GLOBAL_SLOTS of them), read and written inline: Java copies
     * them in before the run and hands back those that changed after it (CompiledPolicy).
     */
    public static final int GLOBALS = 512;
    /**
     * setScratch inline: the column's entry is written and (i, slot, value) appended to this log,
     * which Java replays into the run queue before serving any call-out and when the run ends, so
     * the run queue holds every value it would have; a full log takes the call-out instead.
     */
    public static final int SCRATCH_LOG_COUNT = 576;
    public static final int SCRATCH_LOG_INDEX = 584;
    public static final int SCRATCH_LOG_SLOT = 712;
    public static final int SCRATCH_LOG_VALUE = 840;
    public static final int SCRATCH_LOG_ENTRIES = 16;
    /** random(bound) inline: set when the run queue lends its generator's state (XorShiftRandom), then the state. */
    public static final int RANDOM_INLINE = 968;
    public static final int RANDOM_STATE = 976;
    /** Size of the context in bytes. */
    public static final int SIZE = 1024;
    /** Stack the compiled code gets: 64 frames of at most 128 slots, plus the trampoline's saves. */
    public static final int STACK_BYTES = 128 * 1024;

    public static final int DONE = 1;
    public static final int CALLOUT = 2;
    public static final int FAULT = 3;

    /** Fault kinds (in ID). */
    public static final int FAULT_BUDGET = 1;
    public static final int FAULT_DEPTH = 2;
    public static final int FAULT_DIVIDE = 3;

    /** The values standing for the two references a policy holds, as in the interpreter. */
    public static final long THIS_REF = 1;
    public static final long QUEUE_REF = 2;
    /** A probe's or a patch's event and maps, as in the interpreter. */
    public static final long EVENT_REF = 3;
    public static final long MAPS_REF = 4;

    private JitAbi() {
    }
}
