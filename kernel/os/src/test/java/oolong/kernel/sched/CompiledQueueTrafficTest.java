package oolong.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import oolong.api.sched.RunQueue;
import oolong.api.sched.jit.CompiledCode;
import oolong.api.sched.jit.CompiledPolicy;
import oolong.api.sched.jit.PolicyCompiler;
import oolong.api.sched.jit.XorShiftRandom;
import oolong.kernel.random.XorShift;
import oolong.api.sched.jit.HarnessCode;
import oolong.api.sched.vm.ClassBytes;
import oolong.api.sched.vm.PolicyInterpreter;
import oolong.api.sched.vm.PolicyVerifier;
import oolong.api.sched.vm.SnapshotQueue;
import oolong.api.sched.vm.VerifiedPolicy;
import org.junit.jupiter.api.Test;

/**
 * What compiled stride asks of the run queue per decision (the cost that kept it over 1.5x of the
 * built-in): global and setGlobal are read and written in the context, setScratch is logged and
 * replayed, so a decision makes no call-out; and of the four scratch columns only slot 0, the one
 * StridePolicy names, is copied in. The run queue still ends every decision holding what the
 * interpreter leaves in it.
 */
class CompiledQueueTrafficTest {
    /**
     * Lottery on a run queue that lends its xorshift generator (as the kernel's Scheduler does):
     * the compiled code draws inline, with no call-out, exactly the numbers the interpreter draws
     * through the run queue, and leaves the generator in the same state.
     */
    @Test
    void lotteryDrawsInlineTheInterpretersNumbers() {
        VerifiedPolicy v = PolicyVerifier.verify(ClassBytes.of(LotteryPolicy.class));
        CompiledCode code = PolicyCompiler.compile(v);
        HarnessCode harness = new HarnessCode(code);
        CompiledPolicy compiled = new CompiledPolicy(code, harness);
        PolicyInterpreter interpreted = new PolicyInterpreter(v);
        try {
            SnapshotQueue a = new SnapshotQueue(5, 12);
            SnapshotQueue b = new SnapshotQueue(5, 12);
            Counting qa = new Counting(a);
            Counting qb = new Counting(b);
            for (int step = 0; step < 200; step++) {
                a.beginDecision();
                b.beginDecision();
                int callOuts = harness.resumes();
                int x = interpreted.pick(qa);
                int y = compiled.pick(qb);
                assertEquals(x, y, "step " + step);
                assertEquals(qa.randomState(), qb.randomState(), "step " + step + ": the generator's state");
                assertEquals(callOuts, harness.resumes(), "step " + step + ": random drawn inline");
                a.advance(x);
                b.advance(y);
            }
        } finally {
            compiled.release();
        }
    }

    @Test
    void strideDecidesWithoutCallOutsAndCopiesOnlyTheSlotItReads() {
        VerifiedPolicy v = PolicyVerifier.verify(ClassBytes.of(StridePolicy.class));
        CompiledCode code = PolicyCompiler.compile(v);
        HarnessCode harness = new HarnessCode(code);
        CompiledPolicy compiled = new CompiledPolicy(code, harness);
        PolicyInterpreter interpreted = new PolicyInterpreter(v);
        try {
            SnapshotQueue a = new SnapshotQueue(3, 40);
            SnapshotQueue b = new SnapshotQueue(3, 40);
            Counting counted = new Counting(b);
            for (int step = 0; step < 50; step++) {
                a.beginDecision();
                b.beginDecision();
                counted.reset();
                int callOuts = harness.resumes();
                int x = interpreted.pick(a);
                int y = compiled.pick(counted);
                assertEquals(x, y, "step " + step);
                assertEquals(a.state(), b.state(), "step " + step);
                if (step > 0) {                            /* from the second decision on every process has its pass */
                    assertEquals(callOuts, harness.resumes(), "step " + step + ": global, setGlobal and setScratch without a call-out");
                    assertEquals(0, counted.otherSlotReads, "step " + step + ": only slot 0 is copied in");
                    assertEquals(b.size(), counted.slot0Reads, "step " + step + ": slot 0 copied in once per process");
                    assertTrue(counted.setScratchCalls >= 1, "step " + step + ": the log was replayed");
                }
                a.advance(x);
                b.advance(y);
            }
        } finally {
            compiled.release();
        }
    }

    /** A run queue that counts what is asked of it, drawing from the kernel's generator, which it lends. */
    static final class Counting implements RunQueue, XorShiftRandom {
        final RunQueue q;
        final XorShift random = new XorShift(42);
        int slot0Reads;
        int otherSlotReads;
        int setScratchCalls;

        Counting(RunQueue q) {
            this.q = q;
        }

        void reset() {
            slot0Reads = 0;
            otherSlotReads = 0;
            setScratchCalls = 0;
        }

        @Override public int size() { return q.size(); }
        @Override public int current() { return q.current(); }
        @Override public int pid(int i) { return q.pid(i); }
        @Override public int parentPid(int i) { return q.parentPid(i); }
        @Override public int depth(int i) { return q.depth(i); }
        @Override public int nice(int i) { return q.nice(i); }
        @Override public int weight(int i) { return q.weight(i); }
        @Override public long cpuMicros(int i) { return q.cpuMicros(i); }
        @Override public long waiting(int i) { return q.waiting(i); }
        @Override public long sinceRun(int i) { return q.sinceRun(i); }
        @Override public long now() { return q.now(); }

        @Override
        public long scratch(int i, int slot) {
            if (slot == 0) {
                slot0Reads++;
            } else {
                otherSlotReads++;
            }
            return q.scratch(i, slot);
        }

        @Override
        public void setScratch(int i, int slot, long value) {
            setScratchCalls++;
            q.setScratch(i, slot, value);
        }

        @Override
        public long global(int slot) {
            return q.global(slot);
        }

        @Override
        public void setGlobal(int slot, long value) {
            q.setGlobal(slot, value);
        }

        @Override public int random(int bound) { return random.next(bound); }
        @Override public long randomState() { return random.state(); }
        @Override public void setRandomState(long state) { random.setState(state); }
        @Override public void setSlice(int ticks) { q.setSlice(ticks); }
    }
}
