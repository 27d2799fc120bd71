package oolong.bench;

import oolong.kernel.proc.bench.ModelBench;
import oolong.kernel.proc.bench.ProcessModelWorkload;

/**
 * Prints the checksums HotSpot computes for a size, the same sequence the native runs print
 * (oolong.kernel.proc.bench.ModelBench): scripts/bench-model checks that all three agree.
 *
 * usage: ReferenceChecksums PROCESSES NODES
 */
public final class ReferenceChecksums {
    private ReferenceChecksums() {
    }

    public static void main(String[] args) {
        int processes = Integer.parseInt(args[0]);
        int nodes = Integer.parseInt(args[1]);
        long[] sums = ProcessModelWorkload.referenceChecksums(processes, ModelBench.RUNS, nodes);
        System.out.println("fork-kill-reap=" + Long.toHexString(sums[0]) + " walk=" + Long.toHexString(sums[1]));
    }
}
