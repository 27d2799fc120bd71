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
        assertArrayEquals(new int[] {1_000_000, 100_000}, GuestModelBench.size("full"));
        assertArrayEquals(new int[] {1_000_000, 100_000}, GuestModelBench.size(null));
        assertArrayEquals(new int[] {20_000, 5_000}, GuestModelBench.size("small"));
        assertArrayEquals(new int[] {7, 9}, GuestModelBench.size("7,9"));
        assertNull(GuestModelBench.size("7"));
        assertNull(GuestModelBench.size("0,9"));
        assertNull(GuestModelBench.size("x,9"));
        assertEquals("812.4", GuestModelBench.fixed(812_400_000L, 1_000_000, 1));
        assertEquals("3.005", GuestModelBench.fixed(3_005_000L, 1_000_000, 3));
        assertEquals("0.050", GuestModelBench.fixed(50, 1000, 3));
        assertEquals("12", GuestModelBench.fixed(12_345_678L, 1_000_000, 0));
        assertEquals(5, GuestModelBench.median(new long[] {9, 1, 5}));
    }
}
