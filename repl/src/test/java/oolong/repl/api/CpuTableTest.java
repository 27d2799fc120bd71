package oolong.repl.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * /cpu and k.sched().stats() print one process per line in pid order, as ps does: the kernel
 * answers in its own list order (seen: 1, 4, 3, 2), which reads as a shuffle.
 */
class CpuTableTest {
    @Test
    void rowsAreInPidOrder() {
        Sched.CpuTable t = new Sched.CpuTable();
        for (int pid : new int[] {1, 4, 3, 12, 2}) {
            t.put(pid, new Sched.CpuStat(pid, pid == 1 ? "init" : "spin", pid * 1000L, pid, 0, 1));
        }
        String[] lines = t.toString().split("\n");
        assertEquals("  PID    CPU ms    RUNS  NICE  WEIGHT  PROGRAM", lines[0]);
        int[] pids = Arrays.stream(lines).skip(1).mapToInt(l -> Integer.parseInt(l.trim().split(" +")[0])).toArray();
        assertEquals("[1, 2, 3, 4, 12]", Arrays.toString(pids), t.toString());
    }
}
