package oolong.kernel.proc.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import oolong.kernel.proc.Process;
import oolong.kernel.proc.Processes;
import org.junit.jupiter.api.Test;

/** The benchmark workload at small sizes: it does what it says, leaves the model consistent, and is deterministic. */
class ProcessModelWorkloadTest {
    /** Enough rounds for every tear-down strategy several times, and a partial last subtree. */
    static final int PROCESSES = 9 * ProcessModelWorkload.SUBTREE + 123;

    @Test
    void forkKillReapCreatesAndFreesExactlyThatManyProcesses() {
        ProcessModelWorkload w = new ProcessModelWorkload();
        Processes m = w.model();
        w.forkKillReap(PROCESSES);
        assertEquals(List.of(), w.check());
        assertEquals(1 + PROCESSES, m.processesCreated(), "init and the workload's processes");
        assertEquals(PROCESSES, m.processesFreed());
        assertEquals(PROCESSES, w.machine().exits(), "every process died once");
        assertEquals(1, m.liveProcesses());
        assertNull(w.init().firstChild(), "nothing left under init");
        w.forkKillReap(PROCESSES);
        assertEquals(List.of(), w.check(), "and again on the same model");
        assertEquals(2 * PROCESSES, m.processesFreed());
    }

    @Test
    void everySizeWorksIncludingPartialSubtrees() {
        for (int n : new int[] {1, 2, 9, ProcessModelWorkload.SUBTREE - 1, ProcessModelWorkload.SUBTREE,
                ProcessModelWorkload.SUBTREE + 1, 4 * ProcessModelWorkload.SUBTREE + 5}) {
            ProcessModelWorkload w = new ProcessModelWorkload();
            w.forkKillReap(n);
            assertEquals(List.of(), w.check(), "size " + n);
            assertEquals(n, w.model().processesFreed(), "size " + n);
        }
    }

    @Test
    void checksumsAreDeterministicAndDependOnTheWork() {
        long a = new ProcessModelWorkload().forkKillReap(PROCESSES);
        long b = new ProcessModelWorkload().forkKillReap(PROCESSES);
        long c = new ProcessModelWorkload().forkKillReap(PROCESSES - 1);
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertArrayEquals(ProcessModelWorkload.referenceChecksums(3000, 2, 700),
                ProcessModelWorkload.referenceChecksums(3000, 2, 700));
    }

    @Test
    void walkVisitsTheWholeTreeInPreOrder() {
        ProcessModelWorkload w = new ProcessModelWorkload();
        w.buildTree(5000);
        assertEquals(List.of(), w.check(), "with the tree alive");
        List<Integer> walked = new ArrayList<>();
        for (Process p = w.init(); p != null; p = Processes.next(p, null)) {
            walked.add(p.pid());
        }
        List<Integer> expected = new ArrayList<>();
        preOrder(w.init(), expected);
        assertEquals(5000, walked.size());
        assertEquals(expected, walked);
        long h = 0;
        for (int pid : expected) {
            h = h * 31 + pid;
        }
        assertEquals(ProcessModelWorkload.mix(h, 5000), w.walk());
        assertEquals(w.walk(), w.walk());
        int deepest = 0;
        for (Process p = w.init(); p != null; p = Processes.next(p, null)) {
            deepest = Math.max(deepest, p.depth());
        }
        assertEquals(5, deepest, "fanout 8: 1 + 8 + 64 + 512 + 4096 < 5000 nodes");
        assertThrows(IllegalStateException.class, () -> w.buildTree(10));
        w.tearDownTree();
        assertEquals(List.of(), w.check(), "after the tree is gone");
        assertEquals(4999, w.model().processesFreed());
    }

    private static void preOrder(Process p, List<Integer> out) {
        out.add(p.pid());
        for (Process c = p.firstChild(); c != null; c = c.sibling()) {
            preOrder(c, out);
        }
    }

    @Test
    void forkKillReapBesideALiveTree() {
        ProcessModelWorkload w = new ProcessModelWorkload();
        w.buildTree(300);
        w.forkKillReap(PROCESSES);
        assertEquals(List.of(), w.check());
        assertEquals(300, w.model().liveProcesses());
        w.tearDownTree();
        assertEquals(List.of(), w.check());
    }

    @Test
    void calibrationLoopsAreDeterministic() {
        assertEquals(ProcessModelWorkload.xorshiftLoop(1000), ProcessModelWorkload.xorshiftLoop(1000));
        int[] cycle = ProcessModelWorkload.chaseCycle(1000);
        boolean[] seen = new boolean[1000];
        int p = 0;
        for (int i = 0; i < 1000; i++) {
            seen[p] = true;
            p = cycle[p];
        }
        assertEquals(0, p, "one cycle through every entry");
        for (boolean s : seen) {
            assertEquals(true, s);
        }
        assertEquals(ProcessModelWorkload.chase(cycle, 12345), ProcessModelWorkload.chase(cycle, 12345));
    }

    @Test
    void guestSizesAndFormatting() {
        assertArrayEquals(new int[] {1_000_000, 100_000}, ModelBench.size("full"));
        assertArrayEquals(new int[] {1_000_000, 100_000}, ModelBench.size(null));
        assertArrayEquals(new int[] {20_000, 5_000}, ModelBench.size("small"));
        assertArrayEquals(new int[] {7, 9}, ModelBench.size("7,9"));
        assertNull(ModelBench.size("7"));
        assertNull(ModelBench.size("0,9"));
        assertNull(ModelBench.size("x,9"));
        assertEquals("812.4", ModelBench.fixed(812_400_000L, 1_000_000, 1));
        assertEquals("3.005", ModelBench.fixed(3_005_000L, 1_000_000, 3));
        assertEquals("0.050", ModelBench.fixed(50, 1000, 3));
        assertEquals("12", ModelBench.fixed(12_345_678L, 1_000_000, 0));
        assertEquals(5, ModelBench.median(new long[] {9, 1, 5}));
        assertEquals(100_000, ModelBench.treeThatFits("full", 100_000, 128L << 20), "128 MiB holds the full tree");
        assertEquals(30_000, ModelBench.treeThatFits("full", 100_000, 32L << 20), "32 MiB does not");
        assertEquals(30_000, ModelBench.treeThatFits(null, 100_000, 32L << 20));
        assertEquals(100_000, ModelBench.treeThatFits("1,100000", 100_000, 32L << 20), "an explicit size is kept");
    }

    /** The runner on HotSpot with a platform that records: the lines the script and the IT parse. */
    @Test
    void runnerPrintsTheResultLines() {
        List<String> lines = new ArrayList<>();
        ModelBench.Platform hotspot = new ModelBench.Platform() {
            @Override public long nanoTime() { return System.nanoTime(); }
            @Override public void println(String line) { lines.add(line); }
            @Override public long heapBytes() { return 64L << 20; }
            @Override public long gcCollections() { return -1; }
            @Override public long gcNanos() { return -1; }
            @Override public long gcMaxPauseNanos() { return -1; }
        };
        assertEquals(true, ModelBench.run("3000,700", hotspot), String.join("\n", lines));
        String out = String.join("\n", lines) + "\n";
        long[] expected = ProcessModelWorkload.referenceChecksums(3000, ModelBench.RUNS, 700);
        assertEquals(true, out.matches("(?s).*modelbench: result fork-kill-reap processes=3000 runs=3 ns/cycle=\\d+\\.\\d checksum="
                + Long.toHexString(expected[0]) + "\n.*"), out);
        assertEquals(true, out.matches("(?s).*modelbench: result walk nodes=700 walks=10 ms/walk=\\d+\\.\\d{3} checksum="
                + Long.toHexString(expected[1]) + "\n.*"), out);
        assertEquals(true, out.contains("modelbench: check ok\n"), out);
        assertEquals(true, out.matches("(?s).*modelbench: done in \\d+ ms\n"), "no GC figures when the platform has none: " + out);
        lines.clear();
        assertEquals(false, ModelBench.run("many", hotspot));
        assertEquals(List.of("modelbench: bad size 'many' (full, small, or PROCESSES,NODES)"), lines);
    }
}
