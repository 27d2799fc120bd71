package oolong.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import oolong.kernel.proc.bench.ProcessModelWorkload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The process-model benchmark of issue 4 on HotSpot: the same {@link ProcessModelWorkload} the
 * kernel runs natively with {@code modelbench} (see scripts/bench-model, which runs both and sets
 * them side by side).
 *
 * <ul>
 * <li>{@code forkKillReap}: one invocation forks, kills, reaps and frees 1,000,000 processes in
 *     bushy subtrees; the score is per process (ns per fork+kill+reap cycle).</li>
 * <li>{@code walk}: one pre-order walk of an n-node tree (ms per walk).</li>
 * <li>{@code xorshift}, {@code chase}: the calibration loops (ns per iteration / per step).</li>
 * </ul>
 * Every benchmark returns a checksum (JMH consumes it), and the model's invariant check runs
 * after each trial.
 */
@BenchmarkMode(Mode.AverageTime)
public class ProcessModelBenchmark {
    public static final int PROCESSES = 1_000_000;
    static final long LOOP = 10_000_000L;

    static void expectConsistent(ProcessModelWorkload w) {
        List<String> v = w.check();
        if (!v.isEmpty()) {
            throw new IllegalStateException("the process model is inconsistent: " + v);
        }
    }

    @State(Scope.Thread)
    public static class ForkKillReap {
        ProcessModelWorkload workload;

        @Setup(Level.Trial)
        public void setUp() {
            workload = new ProcessModelWorkload();
        }

        @TearDown(Level.Trial)
        public void check() {
            expectConsistent(workload);
        }
    }

    @State(Scope.Thread)
    public static class Tree {
        @Param({"100000"})
        public int nodes;
        ProcessModelWorkload workload;

        @Setup(Level.Trial)
        public void setUp() {
            workload = new ProcessModelWorkload();
            workload.buildTree(nodes);
            expectConsistent(workload);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            workload.tearDownTree();
            expectConsistent(workload);
        }
    }

    @State(Scope.Thread)
    public static class Cycle {
        int[] next;

        @Setup(Level.Trial)
        public void setUp() {
            next = ProcessModelWorkload.chaseCycle(1 << 20);
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(PROCESSES)
    public long forkKillReap(ForkKillReap s) {
        return s.workload.forkKillReap(PROCESSES);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long walk(Tree s) {
        return s.workload.walk();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation((int) LOOP)
    public long xorshift() {
        return ProcessModelWorkload.xorshiftLoop(LOOP);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation((int) LOOP)
    public int chase(Cycle s) {
        return ProcessModelWorkload.chase(s.next, LOOP);
    }
}
