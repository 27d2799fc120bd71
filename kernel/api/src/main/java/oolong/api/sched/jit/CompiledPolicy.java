package oolong.api.sched.jit;

import oolong.api.sched.Policy;
import oolong.api.sched.RunQueue;
import oolong.api.sched.vm.CompilerView;
import oolong.api.sched.vm.PolicyFault;

/**
 * Runs compiled policy code as a {@link Policy}, with the interpreter's contract: the same
 * budget in the same units, the same instruction count per decision, and the same faults with
 * the same messages (method, the snippet's line, bytecode offset), so the scheduler's fallback
 * cannot tell the two apart except by speed.
 *
 * A decision is one {@link NativeCode#run}, then a loop serving call-outs ({@link CallOuts})
 * until the code is done or faults.
 */
public final class CompiledPolicy extends CompiledRun implements Policy {
    public CompiledPolicy(CompiledCode compiled, NativeCode code) {
        super(compiled, code);
    }

    /** The per-process columns the code reads inline (JitAbi.COLUMNS), `stride` longs each; grown, never shrunk. */
    private long[] columns = new long[0];
    private int stride;

    /**
     * Hands the code this decision's read-only run-queue values, those it uses: they do not change
     * during a decision (only scratch, global, slice and random draws do, and those stay calls).
     */
    private void offerQueue(RunQueue q) {
        int uses = compiled.queueCalls();
        int columnIds = uses & (((1 << (JitAbi.LAST_COLUMN_ID + 1)) - 1) & ~((1 << JitAbi.FIRST_COLUMN_ID) - 1));
        if ((uses & (1 << JitAbi.SCRATCH_ID | 1 << JitAbi.SET_SCRATCH_ID)) != 0) {
            columnIds |= 1 << JitAbi.SCRATCH_ID;
        }
        int n = (uses & 1) != 0 || columnIds != 0 ? q.size() : 0;
        if (columnIds != 0 && n > stride) {
            stride = Math.max(64, Integer.highestOneBit(n - 1) << 1);
            columns = new long[stride * (JitAbi.SCRATCH_COLUMN + JitAbi.SCRATCH_SLOTS)];
        }
        if ((columnIds & (1 << JitAbi.SCRATCH_ID)) != 0) {
            long[] c = columns;
            int reads = compiled.scratchReads();
            for (int s = 0; s < JitAbi.SCRATCH_SLOTS; s++) {
                if ((reads & (1 << s | 1 << JitAbi.SCRATCH_SLOTS)) == 0) {
                    continue;              /* a slot the code never reads: setScratch writes it and logs it */
                }
                int at = (JitAbi.SCRATCH_COLUMN + s) * stride;
                for (int i = 0; i < n; i++) {
                    c[at + i] = q.scratch(i, s);
                }
            }
        }
        for (int id = JitAbi.FIRST_COLUMN_ID; id <= JitAbi.LAST_COLUMN_ID; id++) {
            if ((columnIds & (1 << id)) != 0) {
                fill(q, id, (id - JitAbi.FIRST_COLUMN_ID) * stride, n);
            }
        }
        code.setQueue(n, (uses & 2) != 0 ? q.current() : 0, (uses & (1 << 10)) != 0 ? q.now() : 0, columns, stride, columnIds);
        if ((uses & 1 << JitAbi.SET_SCRATCH_ID) != 0) {
            code.setField(JitAbi.SCRATCH_LOG_COUNT, 0);
        }
        if ((uses & 1 << MethodCompiler.RANDOM_ID) != 0) {
            boolean lent = q instanceof XorShiftRandom;
            code.setField(JitAbi.RANDOM_INLINE, lent ? 1 : 0);
            if (lent) {
                code.setField(JitAbi.RANDOM_STATE, ((XorShiftRandom) q).randomState());
            }
        }
        if ((uses & (1 << MethodCompiler.GLOBAL_ID | 1 << MethodCompiler.SET_GLOBAL_ID)) != 0) {
            for (int s = 0; s < RunQueue.GLOBAL_SLOTS; s++) {
                globals[s] = q.global(s);
                code.setField(JitAbi.GLOBALS + 8 * s, globals[s]);
            }
        }
    }

    /** The global values as copied in, to hand back only those the code changed. */
    private final long[] globals = new long[RunQueue.GLOBAL_SLOTS];

    /** Replays the code's logged setScratch calls into the run queue, in order. */
    private void replayScratch(RunQueue q) {
        if ((compiled.queueCalls() & 1 << JitAbi.SET_SCRATCH_ID) == 0) {
            return;
        }
        int n = (int) code.field(JitAbi.SCRATCH_LOG_COUNT);
        if (n == 0) {
            return;
        }
        for (int k = 0; k < n; k++) {
            q.setScratch((int) code.field(JitAbi.SCRATCH_LOG_INDEX + 8 * k), (int) code.field(JitAbi.SCRATCH_LOG_SLOT + 8 * k),
                    code.field(JitAbi.SCRATCH_LOG_VALUE + 8 * k));
        }
        code.setField(JitAbi.SCRATCH_LOG_COUNT, 0);
    }

    /** Hands the run queue the global values the code changed. */
    private void returnGlobals(RunQueue q) {
        if ((compiled.queueCalls() & 1 << MethodCompiler.SET_GLOBAL_ID) == 0) {
            return;
        }
        for (int s = 0; s < RunQueue.GLOBAL_SLOTS; s++) {
            long v = code.field(JitAbi.GLOBALS + 8 * s);
            if (v != globals[s]) {
                q.setGlobal(s, v);
            }
        }
    }

    private void fill(RunQueue q, int id, int at, int n) {
        long[] c = columns;
        switch (id) {
            case 2 -> { for (int i = 0; i < n; i++) { c[at + i] = q.pid(i); } }
            case 3 -> { for (int i = 0; i < n; i++) { c[at + i] = q.parentPid(i); } }
            case 4 -> { for (int i = 0; i < n; i++) { c[at + i] = q.depth(i); } }
            case 5 -> { for (int i = 0; i < n; i++) { c[at + i] = q.nice(i); } }
            case 6 -> { for (int i = 0; i < n; i++) { c[at + i] = q.weight(i); } }
            case 7 -> { for (int i = 0; i < n; i++) { c[at + i] = q.cpuMicros(i); } }
            case 8 -> { for (int i = 0; i < n; i++) { c[at + i] = q.waiting(i); } }
            default -> { for (int i = 0; i < n; i++) { c[at + i] = q.sinceRun(i); } }
        }
    }

    @Override
    public int pick(RunQueue q) {
        offerQueue(q);
        int status = code.run(budget);
        try {
            while (status == JitAbi.CALLOUT) {
                replayScratch(q);             /* the run queue holds every value before it is asked anything */
                int id = (int) code.field(JitAbi.ID);
                long value;
                try {
                    value = CallOuts.call(q, id, code.field(JitAbi.ARG0), code.field(JitAbi.ARG1), code.field(JitAbi.ARG2));
                } catch (PolicyFault e) {
                    lastInstructions = budget - code.field(JitAbi.REMAINING);
                    throw e;
                } catch (RuntimeException e) {
                    throw callOutFault(CompilerView.badArgumentMessage(id, e));
                }
                status = code.resume(value);
            }
        } finally {
            replayScratch(q);
            returnGlobals(q);
            if ((compiled.queueCalls() & 1 << MethodCompiler.RANDOM_ID) != 0 && q instanceof XorShiftRandom r) {
                r.setRandomState(code.field(JitAbi.RANDOM_STATE));
            }
        }
        return (int) finish(status);
    }
}
