package oolong.kernel.arch;

import oolong.api.sched.jit.JitAbi;
import oolong.api.sched.jit.NativeCode;
import org.teavm.interop.Address;

/**
 * One compiled class in the code arena, run through kernel/jit.S. Every compiled class shares the
 * one context and stack in kernel/jitmem.c: a decision runs to its end (or fault) inside one call
 * of the scheduler, so two never interleave.
 */
final class X86NativeCode implements NativeCode {
    private final X86CodeMemory memory;
    private final long start;
    private final int pages;
    private final long entry;
    private final long ctx = JitCalls.context();
    /** The context's fields that never change (the yield entry, the stack): set once, not per run. */
    private static boolean constantsSet;
    private boolean released;

    X86NativeCode(X86CodeMemory memory, long start, int pages, long entry) {
        this.memory = memory;
        this.start = start;
        this.pages = pages;
        this.entry = entry;
    }

    private void put(int offset, long value) {
        Address.fromLong(ctx + offset).putLong(value);
    }

    @Override
    public void setQueue(long size, long current, long now, long[] values, int stride, int columns) {
        put(JitAbi.QUEUE_SIZE, size);
        put(JitAbi.QUEUE_CURRENT, current);
        put(JitAbi.QUEUE_NOW, now);
        if (columns != 0) {
            long base = Address.ofData(values).toLong();     /* no allocation until the run ends: the array stays put */
            for (int id = JitAbi.FIRST_COLUMN_ID; id <= JitAbi.LAST_COLUMN_ID; id++) {
                if ((columns & (1 << id)) != 0) {
                    put(JitAbi.COLUMNS + 8 * (id - JitAbi.FIRST_COLUMN_ID), base + 8L * stride * (id - JitAbi.FIRST_COLUMN_ID));
                }
            }
            if ((columns & (1 << JitAbi.SCRATCH_ID)) != 0) {
                for (int s = 0; s < JitAbi.SCRATCH_SLOTS; s++) {
                    put(JitAbi.SCRATCH_COLUMNS + 8 * s, base + 8L * stride * (JitAbi.SCRATCH_COLUMN + s));
                }
            }
        }
    }

    @Override
    public void setEvent(long pid, long hook, long now, long[] args) {
        put(JitAbi.EVENT_PID, pid);
        put(JitAbi.EVENT_HOOK, hook);
        put(JitAbi.EVENT_NOW, now);
        if (args == null) {
            return;
        }
        for (int i = 0; i < JitAbi.EVENT_ARG_COUNT; i++) {
            put(JitAbi.EVENT_ARGS + 8 * i, args[i]);
        }
    }

    @Override
    public void setMaps(long[] memory, long mask, long capacity) {
        put(JitAbi.MAPS_BASE, memory == null ? 0 : Address.ofData(memory).toLong());   /* no allocation until the run ends */
        put(JitAbi.MAPS_MASK, mask);
        put(JitAbi.MAPS_CAPACITY, capacity);
    }

    @Override
    public int run(long remaining) {
        return enter(remaining, JitAbi.QUEUE_REF, 0);
    }

    @Override
    public int runExtension(long remaining) {
        return enter(remaining, JitAbi.EVENT_REF, JitAbi.MAPS_REF);
    }

    private int enter(long remaining, long arg1, long arg2) {
        if (released) {
            throw new IllegalStateException("compiled code at " + Long.toHexString(start) + " was released");
        }
        if (!constantsSet) {
            put(JitAbi.YIELD, JitCalls.yieldAddress());
            put(JitAbi.STACK_TOP, JitCalls.stackTop());
            constantsSet = true;
        }
        put(JitAbi.ENTRY, entry);
        put(JitAbi.ARG0, JitAbi.THIS_REF);
        put(JitAbi.ARG1, arg1);
        put(JitAbi.ARG2, arg2);
        put(JitAbi.REMAINING, remaining);
        return (int) JitCalls.run(ctx);
    }

    @Override
    public int resume(long result) {
        put(JitAbi.RESULT, result);
        return (int) JitCalls.resume(ctx);
    }

    @Override
    public void setField(int offset, long value) {
        put(offset, value);
    }

    @Override
    public long field(int offset) {
        return Address.fromLong(ctx + offset).getLong();
    }

    @Override
    public void release() {
        if (!released) {
            released = true;
            memory.free(start, pages);
        }
    }
}
